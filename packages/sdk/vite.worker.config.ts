import { defineConfig } from 'vite'

/**
 * Library build of the module worker: `dist/worker.js`, one self-contained file (core, comlink, idb inlined), so a
 * site's bundler or a browser loading it from the edge needs nothing next to it. Runs after `vite.config.ts`.
 */
export default defineConfig({
  build: {
    lib: { entry: 'src/worker.ts', formats: ['es'], fileName: () => 'worker.js' },
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    rolldownOptions: { output: { minify: true, codeSplitting: false } },
  },
})
