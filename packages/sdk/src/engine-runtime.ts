import { toErrorInfo, type SdkErrorCode } from './errors.ts'
import type { EngineCallbacks, EngineOptions } from './protocol.ts'
import { createMemoryStore, type Store } from './store.ts'

/**
 * What every part of the engine shares: the options and callbacks of `init`, the store in use, the client's
 * clock, the error sink and the one task queue that orders every change to the engine's state.
 */
export interface EngineRuntime {
  /** The options of `init` (`consent` kept current by `consent()`); unset before `init`. */
  opts: EngineOptions
  cb: EngineCallbacks
  /** The store in use: memory until `init` opens IndexedDB; switched by consent changes and failed writes. */
  store: Store
  /** The client's clock: `Date.now()` shifted by the offset the last call's `clientNow` gave. */
  now(): number
  /** Takes the client's clock from a call (ignored unless finite). */
  clientTime(clientNow: number): void
  /** Sends `{ code, message }` of `error` to `onError` (the client logs it with `debug`); never throws. */
  report(error: unknown, fallback?: SdkErrorCode): void
  /** Calls a host callback; whatever it throws or rejects with is ignored. */
  notify(call: () => unknown): void
  /** Runs `task` after every earlier task; never rejects (a failure is reported and yields `fallback`). */
  serial<T>(task: () => Promise<T> | T, fallback: T): Promise<T>
  /** Resolves when every task queued so far has run. */
  idle(): Promise<void>
}

/** A runtime with no-op callbacks, a memory store and the device clock, until `init` sets them. */
export function createEngineRuntime(): EngineRuntime {
  let offset = 0
  let chain: Promise<unknown> = Promise.resolve()
  const rt: EngineRuntime = {
    opts: undefined as unknown as EngineOptions, // set by init; `report` reads it with `?.`
    cb: { onScore() {}, onError() {} },
    store: createMemoryStore(),
    now: () => Date.now() + offset,
    clientTime(clientNow) {
      if (Number.isFinite(clientNow)) offset = clientNow - Date.now()
    },
    report(error, fallback) {
      const info = toErrorInfo(error, fallback)
      // no console here with `debug`: the client logs every error it receives, once, in the page's console
      rt.notify(() => rt.cb.onError(info))
    },
    notify(call) {
      try {
        void Promise.resolve(call()).catch(() => {})
      } catch {}
    },
    serial<T>(task: () => Promise<T> | T, fallback: T): Promise<T> {
      const run = chain.then(task).catch((error) => (rt.report(error), fallback))
      chain = run
      return run
    },
    async idle() {
      await chain.catch(() => {})
    },
  }
  return rt
}
