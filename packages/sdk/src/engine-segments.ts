import type { SegmentRule } from '@auspex/core'
import { toErrorInfo } from './errors.ts'
import type { FetchFn } from './model-fetch.ts'
import type { AuspexScore, SegmentChange } from './protocol.ts'
import { compileRules, createSegmentState } from './segment-state.ts'
import { createSegmentSync, type SegmentSync, type SegmentsRecord } from './segment-sync.ts'
import type { Store } from './store.ts'

/** The `meta` key of the cached segments record (JSON text: meta values are flat). */
const META_KEY = 'segments'

/**
 * The engine's segment part: rules from the host or the edge (cached in IndexedDB, revalidated with the models'
 * schedule), evaluated on every re-score, one {@link SegmentChange} per transition to `onChange`.
 */
export function createEngineSegments(o: {
  store: () => Store
  fetch: FetchFn
  now: () => number
  report: (error: unknown) => void
  onChange: (change: SegmentChange) => void
  /** tells the other tabs that new segments are cached */
  post: () => void
}) {
  const state = createSegmentState()
  let record: SegmentsRecord | null = null
  let sync: SegmentSync | null = null
  let held = true
  let latest: ReadonlyMap<string, AuspexScore> = new Map()

  /** Compiles and installs rules; invalid rules are reported (core's `INVALID_SEGMENT`, with the JSON path) and the old ones kept. */
  const use = (raw: unknown, version: string | null): boolean => {
    try {
      state.setRules(compileRules(raw), version)
      return true
    } catch (error) {
      const info = toErrorInfo(error, 'INVALID_SEGMENT')
      o.report({ code: info.code, message: `segments ignored: ${info.message}` })
      return false
    }
  }
  const evaluate = () => {
    if (held) return
    const change = state.evaluate(Object.fromEntries(latest))
    if (change) o.onChange(change)
  }
  const readCache = async () => {
    const text = await o.store().getMeta(META_KEY).catch(() => undefined)
    if (typeof text !== 'string') return
    try {
      const cached = JSON.parse(text) as SegmentsRecord
      if (use(cached.rules, cached.version)) record = cached
    } catch {
      o.report({ code: 'CACHE_CORRUPT', message: 'cached segments discarded (not JSON); refetching' })
    }
  }

  return {
    /** Host rules (an array) or the cached edge rules (`true`); evaluation waits for {@link release}. */
    async init(option: SegmentRule[] | boolean | undefined) {
      if (Array.isArray(option)) use(option, null)
      else if (option === true) await readCache()
    },
    /** Starts evaluating (after the models of `init` are in place, so the first set is complete). */
    release() {
      held = false
      evaluate()
    },
    /** Fetches `GET {endpoint}/v1/segments` now and every `every` ms (failures retry with backoff); `serial` orders the swap with events. */
    start(endpoint: string, every: number, serial: (task: () => Promise<void>) => Promise<void>) {
      sync = createSegmentSync({
        fetch: o.fetch,
        endpoint,
        every,
        etag: () => record?.etag ?? null,
        onRecord: (next) => serial(async () => {
          if (!use(next.rules, next.version)) return
          record = next
          await o.store().setMeta(META_KEY, JSON.stringify(next)).catch(o.report)
          o.post()
          evaluate()
        }),
        report: o.report,
        now: o.now,
      })
      sync.start()
    },
    /** Another tab cached new segments: load them. */
    async reload() {
      await readCache()
      evaluate()
    },
    /** Re-evaluates on the latest predictions by goal (after each re-score). */
    update(predictions: ReadonlyMap<string, AuspexScore>) {
      latest = predictions
      evaluate()
    },
    /** Leaves every segment (forget): one change with every segment in `left`. */
    clear() {
      const change = state.clear()
      if (change) o.onChange(change)
    },
    current: () => state.current(),
    /** Writes the in-memory record to a new store (consent given). */
    async copyTo(store: Store) {
      if (record) await store.setMeta(META_KEY, JSON.stringify(record))
    },
    get revalidate() {
      return sync ? sync.revalidate : async () => {}
    },
    stop: () => sync?.stop(),
  }
}
