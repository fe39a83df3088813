import { defineConfig } from 'vite'

/**
 * The demo shop. `pnpm start` runs it with the dev routes and the `/v1` proxy (see serve.ts);
 * `vite build` makes the static site whose weight `pnpm bench` reports.
 */
export default defineConfig({
  root: import.meta.dirname,
  publicDir: 'public',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
})
