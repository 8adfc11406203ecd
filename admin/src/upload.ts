// Uploads go through tus (/api/tus/, decision 028) so that large files resume after a dropped connection.
// When the last PATCH completes, the service answers 204 with Upload-Attachment-Id, or the upload's refusal
// (415, 413, …) as the usual {code, msg, data} envelope, whose msg is shown on the file.
import Uppy from '@uppy/core';
import Dashboard from '@uppy/dashboard';
import Tus from '@uppy/tus';
import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';
import { api, authHeaders, envelopeMessage, sessionExpired, type Attachment } from './api';
import { plural, showError, showStatus } from './dom';

interface TusError extends Error {
  originalResponse?: { getStatus(): number; getBody(): string } | null;
}

export interface Uploader {
  open(categoryId: number): void;
}

interface UploaderOptions {
  accept?: string[];
  onUploaded: (attachments: Attachment[]) => void;
}

let uppy: Uppy | null = null;
let options: UploaderOptions = { onUploaded: () => {} };

/** One Uppy for the page (its Dashboard lives in body), told which view to refresh each time a view asks for it. */
export function createUploader(viewOptions: UploaderOptions): Uploader {
  options = viewOptions;
  uppy ??= build();
  uppy.setOptions({ restrictions: { allowedFileTypes: options.accept ?? null } });
  const instance = uppy;
  return {
    open(categoryId: number) {
      instance.setMeta({ category_id: String(categoryId) });
      dashboard(instance).openModal();
    },
  };
}

function dashboard(instance: Uppy): Dashboard<Record<string, unknown>, Record<string, never>> {
  return instance.getPlugin('Dashboard') as Dashboard<Record<string, unknown>, Record<string, never>>;
}

function build(): Uppy {
  const attachmentIds = new Map<string, number>();
  const uppy = new Uppy({ autoProceed: false });
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
      if (response?.getStatus() === 401) {
        dashboard(uppy).closeModal();
        sessionExpired();
      }
    },
  });

  // Uppy's modal has role="dialog" but no name.
  uppy.on('dashboard:modal-open', () => {
    document.querySelector('.uppy-Dashboard-inner[role="dialog"]')?.setAttribute('aria-label', 'Upload files');
  });

  // Uppy's file items are role="listitem" in a role="presentation" wrapper inside its role="list": axe finds no list
  // around them, so the wrapper becomes the list.
  uppy.on('files-added', () => {
    requestAnimationFrame(() => {
      for (const inner of document.querySelectorAll('.uppy-Dashboard-filesInner')) {
        inner.parentElement?.closest('[role="list"]')?.removeAttribute('role');
        inner.setAttribute('role', 'list');
      }
    });
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

  return uppy;
}
