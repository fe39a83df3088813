import { defineConfig } from 'vite'

/**
 * Library build: `dist/auspex.js` (the main-thread entry) plus the module worker chunk it starts with
 * `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`, and the lazily loaded
 * main-thread engine (used only when workers are unavailable). The size bench reads `dist/`.
 */
export default defineConfig({
  base: './',
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'auspex.js' },
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    // lib mode keeps whitespace in ES output by default; a site ships it minified, so measure that
    rolldownOptions: { output: { minify: true } },
  },
  worker: { format: 'es', rolldownOptions: { output: { minify: true } } },
})
