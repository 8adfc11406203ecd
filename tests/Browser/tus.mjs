// The public tus client, tus-js-client (in Node.js), against the API's /api/tus/, one phase per run so that the test
// can restart or switch instances in between:
//   start    sends TUS_FILE in 1 MiB PATCHes and stops once TUS_STOP_AT bytes are sent; prints {url, offset}
//   resume   goes on with the upload at TUS_UPLOAD_URL (on whichever instance it names); prints {attachmentId, resumedFrom, detail}
//   refused  sends TUS_FILE, which the service refuses; prints {status, msg}
// Each run prints one line of JSON last; failures exit 1 with the reason.
//   ATTACHMENTS_URL=http://127.0.0.1:5080 ATTACHMENTS_USER=admin ATTACHMENTS_PASSWORD=… TUS_PHASE=start TUS_FILE=big.pdf node tus.mjs
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tus from 'tus-js-client';

const api = requiredEnv('ATTACHMENTS_URL').replace(/\/$/, '');
const file = readFileSync(requiredEnv('TUS_FILE'));
const fileName = path.basename(process.env.TUS_FILE);
const chunkSize = 1024 * 1024;
const token = await login(requiredEnv('ATTACHMENTS_USER'), requiredEnv('ATTACHMENTS_PASSWORD'));
const headers = { Authorization: `Bearer ${token}` };

const phases = { start, resume, refused };
const phase = phases[requiredEnv('TUS_PHASE')] ?? fail(`TUS_PHASE must be one of ${Object.keys(phases).join(', ')}.`);
console.log(JSON.stringify(await phase()));

async function start() {
  const stopAt = Number(requiredEnv('TUS_STOP_AT'));
  const upload = await new Promise((resolve, reject) => {
    const started = new tus.Upload(file, {
      endpoint: `${api}/api/tus/`,
      chunkSize,
      headers,
      metadata: { filename: fileName, filetype: 'application/pdf', category_id: process.env.TUS_CATEGORY_ID ?? '0' },
      onProgress: (sent) => {
        if (sent >= stopAt) started.abort().then(() => resolve(started), reject);
      },
      onSuccess: () => reject(new Error('the upload finished before it could be stopped; raise TUS_FILE size or lower TUS_STOP_AT')),
      onError: reject,
    });
    started.start();
  });
  return { url: upload.url, offset: await offsetOf(upload.url) };
}

async function resume() {
  let attachmentId = null;
  let resumedFrom = null;
  const upload = new tus.Upload(file, {
    uploadUrl: requiredEnv('TUS_UPLOAD_URL'),
    chunkSize,
    headers,
    onAfterResponse: (request, response) => {
      if (request.getMethod() === 'HEAD' && resumedFrom === null) resumedFrom = Number(response.getHeader('Upload-Offset'));
      attachmentId = response.getHeader('Upload-Attachment-Id') ?? attachmentId;
    },
  });
  await new Promise((resolve, reject) => {
    upload.options.onSuccess = resolve;
    upload.options.onError = reject;
    upload.start();
  });
  if (!attachmentId) fail('the completed upload answered no Upload-Attachment-Id header');
  const detail = await (await fetch(`${api}/api/attachment/detail?id=${attachmentId}`, { headers })).json();
  return { attachmentId: Number(attachmentId), resumedFrom, detail: detail.data };
}

async function refused() {
  const error = await new Promise((resolve, reject) => {
    new tus.Upload(file, {
      endpoint: `${api}/api/tus/`,
      chunkSize,
      headers,
      retryDelays: null,
      metadata: { filename: fileName },
      onSuccess: () => reject(new Error(`the service accepted ${fileName}, which it should refuse`)),
      onError: resolve,
    }).start();
  });
  const response = error.originalResponse ?? fail(`the upload failed without a response: ${error.message}`);
  return { status: response.getStatus(), msg: JSON.parse(response.getBody()).msg };
}

async function offsetOf(url) {
  const response = await fetch(url, { method: 'HEAD', headers: { ...headers, 'Tus-Resumable': '1.0.0' } });
  if (response.status !== 200) fail(`HEAD ${url} answered ${response.status}`);
  return Number(response.headers.get('Upload-Offset'));
}

async function login(userName, password) {
  const response = await fetch(`${api}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user_name: userName, password }),
  });
  const body = await response.json();
  if (response.status !== 200) fail(`login answered ${response.status}: ${body.msg}`);
  return body.data.token;
}

function requiredEnv(name) {
  return process.env[name] || fail(`Set ${name}.`);
}

function fail(message) {
  console.error(`FAILED: ${message}`);
  process.exit(1);
}
