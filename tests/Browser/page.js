// The test page: runs the README's two examples exactly as written and shows what a user would see.
import { uploadFile } from './upload-fetch.js';
import { createUploader } from './upload-uppy.js';
import Uppy from '@uppy/core';
import XHRUpload from '@uppy/xhr-upload';

const status = document.getElementById('status');
const show = (text) => {
  status.textContent = text;
};

const toFile = ({ name, type, base64 }) =>
  new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type });

window.viaFetch = async (baseUrl, token, files) => {
  const shown = [];
  for (const file of files) {
    try {
      const attachment = await uploadFile(baseUrl, token, toFile(file));
      shown.push(`Uploaded ${attachment.file_location}`);
    } catch (error) {
      shown.push(error.message);
    }
    show(shown.join('\n'));
  }
  return shown;
};

window.viaUppy = (baseUrl, token, files) => uploadWith(createUploader(baseUrl, token), files);

// The control: XHRUpload with only what its documentation requires, to show what the README's options change.
window.viaUppyDefaults = (baseUrl, token, files) =>
  uploadWith(new Uppy().use(XHRUpload, { endpoint: `${baseUrl}/api/attachment/upload`, headers: { Authorization: `Bearer ${token}` } }), files);

async function uploadWith(uppy, files) {
  const shown = [];
  uppy.on('upload-success', (file, response) => shown.push(`Uploaded ${response.body.data.file_location}`));
  uppy.on('upload-error', (file, error) => shown.push(error.message));
  for (const file of files) uppy.addFile({ name: file.name, type: file.type, data: toFile(file) });
  await uppy.upload();
  show(shown.join('\n'));
  uppy.destroy();
  return shown;
}
