// What a CMS page on another origin does with attachment objects alone, in a real headless Chromium: an <img srcset>
// from `srcset` (Chromium's Accept header asks for AVIF), `dominant_color` behind it, a private file shown by its
// signed URL and refused without it.
//   ATTACHMENTS_JSON='{"public":{…},"private":{…}}' CHROMIUM_PATH=/usr/bin/chromium node delivery.mjs
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';

const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(chromiumPath)) fail(`${chromiumPath} is missing: install the Debian package 'chromium' (apt-get install chromium).`);
const { public: photo, private: secret } = JSON.parse(process.env.ATTACHMENTS_JSON || fail('ATTACHMENTS_JSON is not set.'));

const attribute = (value) => String(value).replaceAll('&', '&amp;').replaceAll('"', '&quot;');
const plainPrivate = secret.logo.split('?')[0];
const html = `<!doctype html><meta charset="utf-8"><title>Delivery test</title>
<img id="photo" src="${attribute(photo.logo)}" srcset="${attribute(photo.srcset)}" sizes="400px" width="400"
     style="background:${attribute(photo.dominant_color)}" alt="a photo">
<img id="secret" src="${attribute(secret.logo)}" alt="a private photo">
<img id="unsigned" src="${attribute(plainPrivate)}" alt="a private photo without its signature">`;
const pageServer = createServer((request, response) => response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html));
await new Promise((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
const pageUrl = `http://127.0.0.1:${pageServer.address().port}/`;

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const failures = [];
const expect = (condition, what) => {
  console.log(`${condition ? 'ok  ' : 'FAIL'} ${what}`);
  if (!condition) failures.push(what);
};
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const responses = new Map();
  page.on('response', (response) => responses.set(response.url(), response));
  await page.goto(pageUrl, { waitUntil: 'load' });
  const state = await page.evaluate(() => Object.fromEntries([...document.images].map((img) => [img.id, {
    complete: img.complete, naturalWidth: img.naturalWidth, currentSrc: img.currentSrc,
    background: getComputedStyle(img).backgroundColor,
  }])));

  const small = photo.sizes.small.url;
  expect(state.photo.currentSrc === small, `Chromium picked the 500w candidate for a 400 px slot (picked ${state.photo.currentSrc})`);
  const decoded = await page.evaluate((url) => new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve(img.naturalWidth);
    img.onerror = () => resolve(0);
    img.src = url;
  }), small);
  expect(decoded === photo.sizes.small.width, `and decoded it: ${decoded} px wide`);
  const served = responses.get(small);
  expect(served?.headers()['content-type'] === 'image/avif', `served as AVIF for Chromium's Accept (got ${served?.headers()['content-type']})`);
  expect((served?.headers()['vary'] || '').includes('Accept'), 'with Vary: Accept');
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(photo.dominant_color.slice(i, i + 2), 16));
  expect(state.photo.background === `rgb(${r}, ${g}, ${b})`, `dominant_color is a colour CSS takes (${state.photo.background})`);

  expect(state.secret.naturalWidth === secret.width, `the private photo shows from its signed URL (${state.secret.naturalWidth} px)`);
  expect(responses.get(secret.logo)?.headers()['cache-control'] === 'private, no-cache', 'and is never cached publicly');
  expect(state.unsigned.complete && state.unsigned.naturalWidth === 0, 'without the signature it does not show');
  // Chromium blocks a refused image's JSON body from the page (ORB), so the answer is read here as a client would.
  const refused = await fetch(plainPrivate);
  const envelope = await refused.json();
  expect(refused.status === 403 && envelope.msg.includes('private'), `the unsigned URL answers 403: ${envelope.msg}`);
} finally {
  await browser.close();
  pageServer.close();
}

if (failures.length > 0) {
  console.log(`${failures.length} failed`);
  process.exit(1);
}
console.log('all passed');

function fail(message) {
  console.error(message);
  process.exit(2);
}
