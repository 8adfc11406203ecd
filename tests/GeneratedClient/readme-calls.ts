// Every call of the README ("API", "Image Upload API v1", "Every endpoint"), made through the client generated from
// the live document. tsc --strict compiling this file is half the test: a document that calls an optional field
// required, or names an operation differently, makes it fail before anything is sent.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { client } from './generated/client/client.gen';
import * as api from './generated/client/sdk.gen';
import type { AttachmentDto, JobDto } from './generated/client/types.gen';

type Success = { code: 0 } | { message: 'OK' };
type Outcome<T> = ({ data: T; error: undefined } | { data: undefined; error: unknown }) & { response: Response };

const baseUrl = required('ATTACHMENTS_BASE_URL');
const run = Date.now().toString(36);
let token = '';
client.setConfig({ baseUrl, auth: () => token });

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** The body of a success: the documented status, and code 0 (Attachment API) or message "OK" (v1). */
async function expectOk<T extends Success>(name: string, call: Promise<Outcome<T>>, status = 200): Promise<T> {
  const { data, error, response } = await call;
  const body: unknown = data ?? error;
  const succeeded = typeof body === 'object' && body !== null
    && ('code' in body ? body.code === 0 : 'message' in body && body.message === 'OK');
  if (response.status !== status || data === undefined || !succeeded)
    throw new Error(`${name}: expected ${status} and success, got ${response.status} ${JSON.stringify(body)}`);

  console.log(`ok ${name}`);
  return data;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

function imagesDirectory(): string {
  const configured = process.env.ATTACHMENTS_FIXTURES;
  const candidates = configured
    ? [join(configured, 'images'), configured]
    : [resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'images')];
  const found = candidates.find(c => existsSync(join(c, 'camera')));
  if (!found) throw new Error(`No test images in ${candidates.join(' or ')}; set ATTACHMENTS_FIXTURES`);
  return found;
}

const images = imagesDirectory();
const image = (name: string, as: string): File => new File([readFileSync(join(images, 'camera', name))], as, { type: 'image/jpeg' });

function pdf(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

async function waitForJob(job: JobDto): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (let state = job.state; state === 'running'; ) {
    check(Date.now() < deadline, `job ${job.id} still running`);
    await new Promise(r => setTimeout(r, 100));
    state = (await expectOk('getJob', api.getJob({ path: { id: job.id } }))).data.state;
  }
}

async function main(): Promise<void> {
  // curl -X POST $B/api/login -d '{"user_name":"admin","password":"…"}'
  const login = await expectOk('login', api.login({
    body: { user_name: required('ATTACHMENTS_ADMIN_USER'), password: required('ATTACHMENTS_ADMIN_PASSWORD') },
  }));
  // Compiles only while success envelopes pin code to 0.
  const pinned: 0 = login.code;
  check(pinned === 0 && login.data.token.length > 0, 'login gave no token');
  token = login.data.token;

  // -d '{"title":"Banners"}' $B/api/attachment/category/detail, then a rename (id given)
  const category = (await expectOk('saveCategory (create)', api.saveCategory({ body: { title: `Banners ${run}` } }))).data;
  await expectOk('saveCategory (rename)', api.saveCategory({ body: { id: category.id, title: `Banners ${run} renamed` } }));

  // -F file=@photo.jpg; -F file=@report.pdf -F category_id=0; -F file=@photo.jpg -F category_id=2
  const photo = (await expectOk('uploadAttachment (image)', api.uploadAttachment({ body: { file: image('DSCN0010.jpg', 'photo.jpg') } }))).data as AttachmentDto;
  const report = (await expectOk('uploadAttachment (document, category_id=0)', api.uploadAttachment({
    body: { file: new File([pdf(`report ${run}`)], 'report.pdf', { type: 'application/pdf' }), category_id: 0 },
  }))).data as AttachmentDto;
  const banner = (await expectOk('uploadAttachment (category_id)', api.uploadAttachment({
    body: { file: image('Nikon_D70.jpg', 'banner.jpg'), category_id: category.id },
  }))).data as AttachmentDto;
  check(photo.is_image === 1 && report.is_image === 0 && banner.category_id === category.id, 'uploads answered the wrong attachments');

  // -F file=@photo-v2.jpg -F id=7: the bytes are replaced, the id and file_location stay
  const replaced = (await expectOk('uploadAttachment (replace by id)', api.uploadAttachment({
    body: { file: image('Canon_40D.jpg', 'photo-v2.jpg'), id: photo.id },
  }))).data as AttachmentDto;
  check(replaced.id === photo.id && replaced.file_location === photo.file_location && replaced.file_md5 !== photo.file_md5, 'replace changed the id or location');

  // -F file=@part.000 -F chunks=3 -F chunk=0 -F file_name=big.pdf -F md5=$MD5, for each part
  const whole = pdf(`chunked ${run} ${'x'.repeat(3000)}`);
  const md5 = createHash('md5').update(whole).digest('hex');
  const third = Math.ceil(whole.length / 3);
  let chunked: AttachmentDto | undefined;
  for (let chunk = 0; chunk < 3; chunk++) {
    const part = new File([whole.slice(chunk * third, (chunk + 1) * third)], `part.00${chunk}`);
    const data = (await expectOk(`uploadAttachment (chunk ${chunk} of 3)`, api.uploadAttachment({
      body: { file: part, chunks: 3, chunk, file_name: 'big.pdf', md5 },
    }))).data;
    if ('complete' in data)
      check(chunk < 2 && !data.complete && data.received === chunk + 1, `chunk ${chunk}: ${JSON.stringify(data)}`);
    else
      chunked = data;
  }
  check(chunked?.file_md5 === md5, 'the last chunk did not answer the whole attachment');

  // Direct upload: -d '{"file_name":"big.pdf","file_size":…}' $B/api/attachment/upload/presign; curl -T big.pdf "$URL";
  // -d '{"upload_id":"…"}' $B/api/attachment/upload/complete (twice: the same attachment)
  const direct = pdf(`direct ${run}`);
  const presigned = (await expectOk('presignUpload', api.presignUpload({
    body: { file_name: 'big.pdf', file_size: direct.length, category_id: 0 },
  }))).data;
  const put = await fetch(presigned.url, { method: presigned.method, headers: presigned.headers, body: direct });
  check(put.ok, `${presigned.method} to the presigned url answered ${put.status}: ${await put.text()}`);
  console.log(`ok ${presigned.method} to the presigned url`);
  const completed = (await expectOk('completeUpload', api.completeUpload({ body: { upload_id: presigned.upload_id } }))).data;
  check(completed.file_md5 === createHash('md5').update(direct).digest('hex') && completed.file_name === 'big', `complete: ${JSON.stringify(completed)}`);
  const again = (await expectOk('completeUpload (again)', api.completeUpload({ body: { upload_id: presigned.upload_id } }))).data;
  check(again.id === completed.id, 'completing again answered another attachment');

  // "$B/api/attachment/list?current=1&pageSize=20&category_id=2&q=banner&type=image"
  const page = await expectOk('listAttachments (filters)', api.listAttachments({
    query: { current: 1, pageSize: 20, category_id: category.id, q: 'banner', type: 'image' },
  }));
  check(page.total === 1 && page.limit === 20 && page.data[0]?.id === banner.id, `list with filters: ${JSON.stringify(page)}`);
  await expectOk('listAttachments (defaults)', api.listAttachments());

  // "$B/api/attachment/list?pageSize=20&type=image&cursor=AQAGYN4blLKAAAAAAAAKLCs": the page after the cursor's
  const first = await expectOk('listAttachments (first page of a cursor walk)', api.listAttachments({ query: { pageSize: 1 } }));
  check(first.total_estimated === false && typeof first.cursor === 'string', `list answered no cursor: ${JSON.stringify(first)}`);
  const next = await expectOk('listAttachments (cursor)', api.listAttachments({ query: { pageSize: 1, cursor: first.cursor ?? '' } }));
  check(next.data.length === 1 && next.data[0]?.id !== first.data[0]?.id, `the cursor answered the same page: ${JSON.stringify(next)}`);

  // "$B/api/attachment/detail?id=12"
  check((await expectOk('getAttachment', api.getAttachment({ query: { id: banner.id } }))).data.id === banner.id, 'detail answered another attachment');

  // -d '{"id":12,"file_name":"Home hero","file_location":"uploads/banners/hero.jpg"}', and a rename alone
  const moved = (await expectOk('editAttachment (rename and move)', api.editAttachment({
    body: { id: banner.id, file_name: 'Home hero', file_location: `uploads/banners/hero-${run}.jpg` },
  }))).data;
  check(moved.file_name === 'Home hero' && moved.file_location === `uploads/banners/hero-${run}.jpg`, `edit: ${JSON.stringify(moved)}`);
  await expectOk('editAttachment (rename only)', api.editAttachment({ body: { id: report.id, file_name: 'Annual report' } }));

  // -d '{"category_id":2,"ids":[14,15]}' $B/api/attachment/category
  const move = await expectOk('moveAttachmentsToCategory', api.moveAttachmentsToCategory({ body: { category_id: category.id, ids: [photo.id, report.id] } }));
  check(move.data.moved === 2, `move: ${JSON.stringify(move)}`);

  // $B/api/attachment/category/list
  const categories = await expectOk('listCategories', api.listCategories());
  check(categories.data.find(c => c.id === category.id)?.attach_count === 3, `categories: ${JSON.stringify(categories)}`);

  // -X POST $B/api/attachment/scan; -X POST $B/api/attachment/thumb/rebuild; $B/api/attachment/jobs
  await waitForJob((await expectOk('startScan', api.startScan(), 202)).data);
  await waitForJob((await expectOk('startThumbnailRebuild', api.startThumbnailRebuild(), 202)).data);
  await expectOk('listJobs', api.listJobs());

  // $B/api/user/list; -d '{"user_name":"editor","password":"long-enough-1","permissions":["attachment.upload"]}' $B/api/user/save
  await expectOk('listUsers', api.listUsers());
  const editor = (await expectOk('saveUser (create)', api.saveUser({
    body: { user_name: `editor-${run}`, password: 'long-enough-1', permissions: ['attachment.upload'] },
  }))).data;
  const changed = (await expectOk('saveUser (change, password kept)', api.saveUser({
    body: { id: editor.id, user_name: `editor-${run}`, permissions: ['attachment.upload', 'attachment.delete'] },
  }))).data;
  check(changed.permissions.length === 2, `user save: ${JSON.stringify(changed)}`);
  // -d '{"id":2}' $B/api/user/delete
  await expectOk('deleteUser', api.deleteUser({ body: { id: editor.id } }));

  // v1: -F file=@photo.jpg $B/UploadImage; $B/GetAllImages (paging optional); -X DELETE "$B/DeleteImage?FileName=…"
  const uploaded = (await expectOk('uploadImage', api.uploadImage({ body: { file: image('Pentax_K10D.jpg', 'photo.jpg') } }))).data;
  check(uploaded.originalFileName === 'photo.jpg', `UploadImage: ${JSON.stringify(uploaded)}`);
  const all = await expectOk('getAllImages', api.getAllImages());
  check(all.data.some(i => i.fileName === uploaded.fileName), 'GetAllImages lacks the upload');
  await expectOk('getAllImages (page)', api.getAllImages({ query: { page: 1, pageSize: 50 } }));
  await expectOk('deleteImage', api.deleteImage({ query: { FileName: uploaded.fileName } }));

  // -d '{"ids":[12,13]}' and -d '{"id":…}' $B/api/attachment/delete
  await expectOk('deleteAttachments (ids)', api.deleteAttachments({ body: { ids: [photo.id, report.id] } }));
  await expectOk('deleteAttachments (id)', api.deleteAttachments({ body: { id: banner.id } }));
  if (chunked)
    await expectOk('deleteAttachments (chunked upload)', api.deleteAttachments({ body: { id: chunked.id } }));
  await expectOk('deleteAttachments (direct upload)', api.deleteAttachments({ body: { id: completed.id } }));

  // -d '{"id":2}' $B/api/attachment/category/delete (empty now)
  await expectOk('deleteCategory', api.deleteCategory({ body: { id: category.id } }));
  console.log('every README call succeeded through the generated client');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
