// Uppy 6 (@uppy/core + @uppy/xhr-upload). By default XHRUpload retries every failed request 3 times and reports
// "This looks like a network error"; these options retry only 429/503 (after Retry-After) and report `msg`.
import Uppy from '@uppy/core';
import XHRUpload from '@uppy/xhr-upload';

const RETRYABLE = [429, 503];
const MAX_RETRIES = 3; // what XHRUpload allows; it is not an option

export function createUploader(baseUrl, token, { categoryId = 0 } = {}) {
  return new Uppy({ meta: { category_id: categoryId } }).use(XHRUpload, {
    endpoint: `${baseUrl}/api/attachment/upload`,
    fieldName: 'file',
    headers: { Authorization: `Bearer ${token}` },
    allowedMetaFields: ['category_id'], // the only form field besides the file; 0 = no category
    limit: 2,
    shouldRetry: (xhr) => RETRYABLE.includes(xhr.status),
    async onAfterResponse(xhr, retryCount) {
      if (xhr.status >= 200 && xhr.status < 300) return;
      if (RETRYABLE.includes(xhr.status) && retryCount < MAX_RETRIES) {
        const seconds = Number(xhr.getResponseHeader('Retry-After')) || 1;
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        return; // XHRUpload now sends it again
      }
      let msg;
      try {
        msg = JSON.parse(xhr.responseText).msg;
      } catch {
        // not the service's envelope (a proxy's error page)
      }
      throw new Error(msg || `Upload failed (HTTP ${xhr.status})`);
    },
  });
}

// uppy.on('upload-success', (file, response) => show(response.body.data.logo));
// uppy.on('upload-error', (file, error) => show(error.message)); // the service's msg
