// Uploads from a real headless Chromium on a page of another origin than the API, through the README's fetch and
// Uppy examples. Needs the API running with Cors__AllowedOrigins__0 = the page's origin (http://127.0.0.1:PAGE_PORT),
// RateLimits__Upload__PermitLimit=2, RateLimits__Upload__Window=00:00:04 and Upload__MaxFileSizeBytes=1048576.
//   ATTACHMENTS_URL=http://127.0.0.1:5080 ATTACHMENTS_USER=admin ATTACHMENTS_PASSWORD=… PAGE_PORT=5081 node run.mjs
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { deflateSync, crc32 } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const api = requiredEnv('ATTACHMENTS_URL').replace(/\/$/, '');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const uploadPath = '/api/attachment/upload';

if (!existsSync(chromiumPath)) fail(`${chromiumPath} is missing: install the Debian package 'chromium' (apt-get install chromium).`);

const bundle = await build({
  entryPoints: [path.join(here, 'page.js')],
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  target: 'chrome120',
  logLevel: 'warning',
});
const html = '<!doctype html><meta charset="utf-8"><title>Upload test</title><pre id="status"></pre><script src="/bundle.js"></script>';
const pageServer = createServer((request, response) => {
  if (request.url === '/') response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  else if (request.url === '/bundle.js') response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle.outputFiles[0].text);
  else response.writeHead(404).end();
});
await new Promise((resolve) => pageServer.listen(Number(process.env.PAGE_PORT || 0), '127.0.0.1', resolve));
const pageOrigin = `http://127.0.0.1:${pageServer.address().port}`;
console.log(`page ${pageOrigin}, API ${api}, Chromium ${chromiumPath}`);

const admin = await login(requiredEnv('ATTACHMENTS_USER'), requiredEnv('ATTACHMENTS_PASSWORD'));
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

const failures = [];
let checks = 0;
await scenario('the README shows the examples this test runs, verbatim', async (expect) => {
  const readme = readFileSync(path.join(here, '..', '..', 'README.md'), 'utf8');
  for (const example of ['upload-fetch.js', 'upload-uppy.js']) {
    const code = readFileSync(path.join(here, example), 'utf8').trimEnd();
    expect(readme.includes('```js\n' + code + '\n```'), `README.md has ${example} as a js block`);
  }
});
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
  page.on('console', (message) => console.log(`page console: ${message.text()}`));
  const uploads = [];
  page.on('response', (response) => {
    if (response.request().method() === 'POST' && new URL(response.url()).pathname === uploadPath) {
      uploads.push({
        status: response.status(),
        at: Date.now(),
        retryAfter: response.headers()['retry-after'],
        body: response.text().catch(() => ''),
      });
    }
  });
  await page.goto(`${pageOrigin}/`);

  const htmlAsJpg = file('photo.jpg', 'image/jpeg', Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'));
  const exe = file('setup.exe', 'application/octet-stream', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), randomBytes(512)]));
  const tooBig = file('huge.pdf', 'application/pdf', Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3 * 1024 * 1024)]));

  for (const example of ['viaFetch', 'viaUppy']) {
    for (const [label, refused, status] of [['refused type', example === 'viaFetch' ? htmlAsJpg : exe, 415], ['too large', tooBig, 413]]) {
      await scenario(`${example}: ${label} shows the service's msg after exactly one POST`, async (expect) => {
        const shown = await run(example, [refused]);
        expect(uploads.length === 1, `one POST, not ${uploads.length} (${uploads.map((u) => u.status)})`);
        expect(uploads[0]?.status === status, `HTTP ${status}, got ${uploads[0]?.status}`);
        const msg = JSON.parse(await uploads[0].body).msg;
        expect(msg && !/network/i.test(msg), `a real msg, got '${msg}'`);
        expect(shown[0] === msg, `the page shows '${shown[0]}', the service said '${msg}'`);
        expect(await page.textContent('#status') === msg, 'the msg is on the page');
      });
    }

    await scenario(`${example}: an image is stored`, async (expect) => {
      const shown = await run(example, [file('pixel.png', 'image/png', png(255, 0, 0))]);
      expect(uploads.length === 1 && uploads[0].status === 200, `one POST answered 200, got ${uploads.map((u) => u.status)}`);
      expect(/^Uploaded uploads\/\d{6}\/\d{2}\/[0-9a-f]{16}\.png$/.test(shown[0]), `the page shows the location, got '${shown[0]}'`);
    });

    await scenario(`${example}: over the rate limit waits Retry-After and retries`, async (expect) => {
      const images = [1, 2, 3].map((i) => file(`burst${i}.png`, 'image/png', png(i * 40, 255 - i * 40, example === 'viaFetch' ? 7 : 9)));
      const shown = await run(example, images);
      const statuses = uploads.map((u) => u.status);
      expect(shown.length === 3 && shown.every((s) => s.startsWith('Uploaded ')), `all three stored: ${JSON.stringify(shown)}`);
      expect(statuses.filter((s) => s === 200).length === 3, `three 200s, got ${statuses}`);
      const limited = uploads.findIndex((u) => u.status === 429);
      expect(limited >= 0, `the third upload met the limit of 2 per window, got ${statuses}`);
      if (limited >= 0) {
        // Chromium does not hand multipart bodies with files to Playwright, so the retry is known by being last:
        // the other uploads went before the limit was met.
        const retry = uploads.at(-1);
        const waited = retry ? retry.at - uploads[limited].at : -1;
        const seconds = Number(uploads[limited].retryAfter);
        expect(seconds > 0, `Retry-After readable across origins, got '${uploads[limited].retryAfter}'`);
        expect(retry.status === 200 && uploads.indexOf(retry) > limited, `the retry came last and was stored, got ${statuses}`);
        expect(waited >= seconds * 1000 - 250, `retried after ${waited} ms, Retry-After was ${seconds} s`);
      }
    });
  }

  await scenario('a document downloads in Chromium under its uploaded name', async (expect) => {
    const pdf = Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${randomBytes(8).toString('hex')}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
    const shown = await run('viaFetch', [file('Отчёт 2026.pdf', 'application/pdf', pdf)]);
    const location = shown[0]?.replace(/^Uploaded /, '');
    expect(uploads.length === 1 && uploads[0].status === 200, `stored, got ${uploads.map((u) => u.status)} ${shown}`);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15000 }),
      page.evaluate((href) => {
        const link = Object.assign(document.createElement('a'), { href, textContent: 'download' });
        document.body.append(link);
        link.click();
      }, `${api}/${location}`),
    ]);
    expect(download.suggestedFilename() === 'Отчёт 2026.pdf', `saved as '${download.suggestedFilename()}'`);
    await download.cancel();
  });

  await scenario('control: Uppy with default options retries a 415 three times and says "network error"', async (expect) => {
    const shown = await run('viaUppyDefaults', [exe]);
    expect(uploads.length === 4, `four POSTs, got ${uploads.length} (${uploads.map((u) => u.status)})`);
    expect(/network error/i.test(shown[0] ?? ''), `a network-error text, got '${shown[0]}'`);
  });

  async function run(example, files) {
    uploads.length = 0;
    // A user of its own per scenario: the per-user upload limit is tiny here, and a scenario must not spend another's.
    const token = await newUploader();
    return page.evaluate(([fn, base, t, f]) => window[fn](base, t, f), [example, api, token, files]);
  }
} finally {
  await browser.close();
  pageServer.close();
}

console.log(failures.length === 0 ? `browser: all ${checks} scenarios passed` : `browser: ${failures.length} of ${checks} scenarios failed`);
process.exit(failures.length === 0 ? 0 : 1);

async function scenario(name, body) {
  checks++;
  const problems = [];
  const expect = (condition, message) => condition || problems.push(message);
  try {
    await body(expect);
  } catch (error) {
    problems.push(`threw ${error.stack ?? error}`);
  }
  console.log(`${problems.length ? 'FAIL' : 'ok  '} ${name}${problems.map((p) => `\n       ${p}`).join('')}`);
  if (problems.length) failures.push(name);
}

function file(name, type, bytes) {
  return { name, type, base64: bytes.toString('base64') };
}

// A 16×16 PNG of one colour: distinct colours are distinct files, so none is deduplicated into another.
function png(r, g, b) {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])));
    return Buffer.concat([length, Buffer.from(type), data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(16, 0);
  header.writeUInt32BE(16, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(16).fill([r, g, b]).flat())]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array(16).fill(row)))), chunk('IEND', Buffer.alloc(0))]);
}

async function newUploader() {
  const userName = `browser-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const saved = await fetch(`${api}/api/user/save`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ user_name: userName, password, permissions: ['attachment.upload'] }),
  });
  if (!saved.ok) throw new Error(`creating ${userName}: HTTP ${saved.status} ${await saved.text()}`);
  return login(userName, password);
}

async function login(userName, password) {
  const response = await fetch(`${api}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user_name: userName, password }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`login as ${userName}: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body.data.token;
}

function requiredEnv(name) {
  return process.env[name] || fail(`Set ${name}.`);
}

function fail(message) {
  console.error(`browser test: ${message}`);
  process.exit(2);
}
