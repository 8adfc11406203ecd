// Uploads go through tus (/api/tus/, decision 028) so that large files resume after a dropped connection.
// When the last PATCH completes, the service answers 204 with Upload-Attachment-Id, or the upload's refusal
// (415, 413, …) as the usual {code, msg, data} envelope, whose msg is shown on the file.
import Uppy from '@uppy/core';
import Dashboard from '@uppy/dashboard';
import Tus from '@uppy/tus';
import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';
import { api, authHeaders, envelopeMessage, type Attachment } from './api';
import { plural, showError, showStatus } from './dom';

interface TusError extends Error {
  originalResponse?: { getStatus(): number; getBody(): string } | null;
}

export interface Uploader {
  open(categoryId: number): void;
}

export function createUploader(options: { accept?: string[]; onUploaded: (attachments: Attachment[]) => void }): Uploader {
  const attachmentIds = new Map<string, number>();
  const uppy = new Uppy({
    autoProceed: false,
    restrictions: options.accept ? { allowedFileTypes: options.accept } : {},
  });
  uppy.use(Dashboard, {
    inline: false,
    closeAfterFinish: false,
    closeModalOnClickOutside: true,
    proudlyDisplayPoweredByUppy: false,
    note: 'Large files resume where they stopped if the connection drops.',
  });
  uppy.use(Tus, {
    endpoint: '/api/tus/',
    headers: () => authHeaders(),
    chunkSize: 5 * 1024 * 1024,
    removeFingerprintOnSuccess: true,
    retryDelays: [0, 1000, 3000],
    // @uppy/tus sends name and type as tus's filename and filetype; the service needs filename.
    allowedMetaFields: ['name', 'type', 'category_id'],
    onAfterResponse(request, response) {
      const id = Number(response.getHeader('Upload-Attachment-Id'));
      if (id > 0) attachmentIds.set(request.getURL(), id);
    },
    onError(error: TusError) {
      const response = error.originalResponse;
      if (response) error.message = envelopeMessage(response.getStatus(), response.getBody());
    },
  });

  uppy.on('complete', async (result) => {
    const uploaded: Attachment[] = [];
    for (const file of result.successful ?? []) {
      const id = file.response?.uploadURL ? attachmentIds.get(file.response.uploadURL) : undefined;
      if (id) {
        try {
          uploaded.push(await api.detail(id));
        } catch (error) {
          showError(error instanceof Error ? error.message : String(error));
        }
      }
    }
    const failed = result.failed ?? [];
    if (failed.length > 0) {
      showError(`${plural(failed.length, 'file')} could not be uploaded: ${failed.map((f) => `${f.name}: ${f.error ?? 'failed'}`).join(' ')}`);
    }
    else if (uploaded.length > 0) showStatus(`Uploaded ${plural(uploaded.length, 'file')}.`);
    options.onUploaded(uploaded);
  });

  return {
    open(categoryId: number) {
      uppy.setMeta({ category_id: String(categoryId) });
      (uppy.getPlugin('Dashboard') as Dashboard<Record<string, unknown>, Record<string, never>>).openModal();
    },
  };
}
