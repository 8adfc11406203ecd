import { defineConfig } from 'vite';

// The dev server proxies the API and files to a service started with ./scripts/run.sh --urls http://127.0.0.1:5091.
const service = process.env.ATTACHMENTS_URL ?? 'http://127.0.0.1:5091';

export default defineConfig({
  base: '/admin/',
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets' },
  server: {
    proxy: {
      '/api': service,
      '/uploads': service,
    },
  },
});
