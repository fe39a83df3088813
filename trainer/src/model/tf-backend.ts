/**
 * tfjs on the WebAssembly backend for training in Node (`@tensorflow/tfjs-node` cannot install here; wasm
 * trains 2–3× faster than `cpu`). Initialised once per process; the `.wasm` files come from the installed
 * `@tensorflow/tfjs-backend-wasm` package, so nothing is downloaded. The `@tensorflow/tfjs` union package is
 * imported (not just tfjs-core) because it registers the gradients that training needs.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as tf from '@tensorflow/tfjs'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'

let ready: Promise<typeof tf> | undefined

/** Resolves to tfjs with the `wasm` backend active; a backend that fails to start is an error, not a silent fallback. */
export function tfWasm(): Promise<typeof tf> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url)
    const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')
    setWasmPaths(pathToFileURL(dist).pathname + '/')
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend failed to initialise')
    await tf.ready()
    return tf
  })()
  return ready
}
