// Downloads the live OpenAPI document, generates a TypeScript client from it, type-checks the README's calls
// (readme-calls.ts) against that client with tsc --strict, then runs them against the same service.
//
//   ATTACHMENTS_BASE_URL=http://127.0.0.1:5080 ATTACHMENTS_ADMIN_USER=admin ATTACHMENTS_ADMIN_PASSWORD=… npm test
//
// ATTACHMENTS_FIXTURES (optional) names the test images folder, else ../shared/fixtures/images beside the repository.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@hey-api/openapi-ts';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function fail(message) {
  console.error(`generated-client: ${message}`);
  process.exit(1);
}

for (const name of ['ATTACHMENTS_BASE_URL', 'ATTACHMENTS_ADMIN_USER', 'ATTACHMENTS_ADMIN_PASSWORD']) {
  if (!process.env[name]) fail(`${name} is not set`);
}

const generated = join(here, 'generated');
rmSync(generated, { recursive: true, force: true });
rmSync(join(here, 'out'), { recursive: true, force: true });
mkdirSync(generated, { recursive: true });

const documentUrl = new URL('/openapi/v1.json', process.env.ATTACHMENTS_BASE_URL);
const response = await fetch(documentUrl);
if (!response.ok) fail(`GET ${documentUrl} answered ${response.status}`);
const documentPath = join(generated, 'openapi.json');
writeFileSync(documentPath, await response.text());
console.log(`generated-client: downloaded ${documentUrl}`);

await createClient({
  input: documentPath,
  output: join(generated, 'client'),
  plugins: ['@hey-api/client-fetch'],
  logs: { level: 'warn', file: false },
});
console.log('generated-client: generated the client with @hey-api/openapi-ts');

const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(here, 'tsconfig.json')], { stdio: 'inherit' });
if (tsc.status !== 0) fail('tsc --strict refused the README calls against the generated client (errors above)');
console.log('generated-client: tsc --strict accepted every call');

const run = spawnSync(process.execPath, [join(here, 'out', 'readme-calls.js')], { stdio: 'inherit' });
if (run.status !== 0) fail(`the README calls failed (exit ${run.status ?? run.signal})`);
