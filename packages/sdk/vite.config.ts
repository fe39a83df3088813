import { defineConfig, type Plugin } from 'vite'

/**
 * Library build of the main-thread entry: `dist/index.js`, plus the lazily loaded chunks (the main-thread engine,
 * used only without workers, and the destinations). The worker is built on its own by `vite.worker.config.ts`
 * into `dist/worker.js`, self-contained, with that stable name. `pnpm build` runs both, then the declarations.
 * The size bench reads `dist/`.
 */
export default defineConfig({
  base: './',
  plugins: [workerNextToEntry()],
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'index.js' },
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    // lib mode keeps whitespace in ES output by default; a site ships it minified, so measure that
    rolldownOptions: { output: { minify: true } },
  },
})

const PLACEHOLDER = '__AUSPEX_WORKER_SCRIPT__'

/**
 * Keeps `new Worker(new URL('./worker.js', import.meta.url), { type: 'module' })` literally in `dist/index.js`.
 * Vite would bundle `./worker.ts` into a hashed asset; a site's bundler (Vite, webpack 5, Parcel) must instead see
 * the pattern and bundle `dist/worker.js` itself, and the edge serves `worker.js` next to `index.js`. So the URL
 * becomes a placeholder Vite's worker plugin does not match, and the finished chunk gets the literal back.
 */
function workerNextToEntry(): Plugin {
  return {
    name: 'auspex:worker-next-to-entry',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('/src/client.ts')) return null
      const next = code.replace("new URL('./worker.ts', import.meta.url)", `new URL(${PLACEHOLDER}, import.meta.url)`)
      if (next === code) this.error("client.ts no longer starts new Worker(new URL('./worker.ts', import.meta.url)): update vite.config.ts")
      return { code: next, map: null }
    },
    renderChunk(code) {
      return code.includes(PLACEHOLDER) ? { code: code.replaceAll(PLACEHOLDER, '"./worker.js"'), map: null } : null
    },
  }
}
