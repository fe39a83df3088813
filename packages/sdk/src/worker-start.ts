/**
 * Starts the module worker, also when the SDK script comes from another origin than the page (the edge's
 * `/v1/sdk.js` on a customer's site). Browsers refuse `new Worker(url)` for a cross-origin script (Chromium
 * throws a `SecurityError`), but a module worker may `import` a cross-origin script under CORS. So when the
 * direct start throws, the worker is a same-origin blob module whose one statement imports the real script.
 * (An href never holds a raw `"`, so quoting it is safe.) If that fails too, the client runs on the main thread.
 * @param create the bundler-visible `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`
 * @param base the client module's own URL (`import.meta.url`); the built worker is `./worker.js` next to it
 */
export function startModuleWorker(create: () => Worker, base: string): Worker {
  try {
    return create()
  } catch {
    const url = URL.createObjectURL(new Blob([`import"${new URL('./worker.js', base).href}"`], { type: 'text/javascript' }))
    // the constructor has resolved the blob URL already: revoking it now frees the blob, the worker still loads
    try {
      return new Worker(url, { type: 'module' })
    } finally {
      URL.revokeObjectURL(url)
    }
  }
}
