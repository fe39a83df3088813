import { proxy, wrap } from 'comlink'
import { registerErrorTransfer } from './error-transfer.ts'
import { resolveOptions, type AuspexOptions } from './options.ts'
import type { AuspexScore, Diagnostics, EngineApi, EngineCallbacks, ErrorInfo, IdentifyResult, SegmentChange, TrackEvent } from './protocol.ts'
import { startModuleWorker } from './worker-start.ts'

/** The SDK instance a page holds. Nothing on it throws or rejects. */
export interface Auspex {
  /** Records an event. Synchronous; never throws; invalid events are dropped and reported to `onError`. */
  track(event: TrackEvent): void
  /** The goal's score now, or null when no model is available yet. Never rejects. */
  score(goal: string): Promise<AuspexScore | null>
  /** Calls `cb` after each event that changes the goal's score and when a new model version swaps in. Returns `unsubscribe`. */
  subscribe(goal: string, cb: (score: AuspexScore) => void): () => void
  /**
   * A known customer: fetches their profile state from the edge with the `grant` the site's backend signed for
   * `profileId` (core's `signGrant`), and scores every goal from it merged with this device's events after the
   * batch's `scoredAt`. A second call replaces the edge's part. Resolves null on failure (reported to `onError`).
   */
  identify(profileId: string, options: { grant: string }): Promise<IdentifyResult | null>
  /** Bulk-imports past events (e.g. a customer's history). */
  load(events: TrackEvent[]): Promise<void>
  /** Sorted names of the segments the profile is in now (re-scored at `clock()`); `[]` without segment rules. Never rejects. */
  segments(): Promise<string[]>
  /** Calls `cb` once per segment transition (`{ entered, left, segments, version, scores }`). Returns `unsubscribe`. */
  onSegments(cb: (change: SegmentChange) => void): () => void
  /** Counts of what could not be used: `{ events, droppedEvents, unknownTypes }` (see {@link Diagnostics}). Never rejects. */
  diagnostics(): Promise<Diagnostics>
  /** Revalidates the models (and segments) now (If-None-Match). */
  refresh(): Promise<void>
  /** Grants or withdraws consent to store data on the device (withdrawing erases what was stored). */
  consent(granted: boolean): Promise<void>
  /** Erases every on-device byte (events, feature states, profile id, model cache). */
  forget(): Promise<void>
  destroy(): void
  /** Resolves when the engine runs (never rejects). */
  readonly ready: Promise<void>
}

const WORKER_START_MS = 10_000

/**
 * Starts Auspex: a module worker holding models, feature state and storage; the same engine on the main
 * thread when workers are unavailable or `worker: false`.
 * @example
 * const auspex = createAuspex({ endpoint: 'https://edge.example.com', goals: ['purchase-30d'] })
 * auspex.subscribe('purchase-30d', (s) => console.log(s.score, s.factors[0]?.label))
 * auspex.track({ type: 'addToCart', item: 'sku-1', value: 12.5 })
 */
export function createAuspex(input: AuspexOptions): Auspex {
  const { options, problems } = resolveOptions(input)
  const clock = typeof input?.clock === 'function' ? input.clock : Date.now
  const listeners = new Map<string, Set<(s: AuspexScore) => void>>()
  const segmentListeners = new Set<(c: SegmentChange) => void>()
  const report = (e: ErrorInfo) => {
    if (options.debug) console.warn(`[auspex] ${e.code}: ${e.message}`)
    try {
      input?.onError?.(e)
    } catch {}
  }
  const notify = <T>(cbs: Iterable<((v: T) => void) | undefined>, v: T, what: string) => {
    for (const cb of cbs) {
      try {
        cb?.(v)
      } catch (error) {
        report({ code: 'SUBSCRIBER_FAILED', message: `${what} callback threw: ${(error as Error)?.message}` })
      }
    }
  }
  // destinations load lazily (a separate chunk), only when asked for; promise order keeps the pushes in order
  const dest = input?.destinations && typeof document !== 'undefined' ? import('./destinations.ts').then((m) => m.createDestinations(input.destinations!), (e) => void report({ code: 'INTERNAL', message: `destinations unavailable: ${e?.message}` })) : null
  const callbacks: EngineCallbacks = {
    onScore(s) {
      notify([...(listeners.get(s.goal) ?? []), input?.onScore], s, `a subscribe("${s.goal}") or onScore`)
      void dest?.then((d) => d?.score(s))
    },
    onError: report,
    onSegments(c) {
      notify(segmentListeners, c, 'an onSegments()')
      void dest?.then((d) => d?.segments(c))
    },
  }
  let worker: Worker | null = null
  let destroyed = false

  const startWorker = async (): Promise<EngineApi> => {
    registerErrorTransfer()
    const w = (worker = startModuleWorker(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }), import.meta.url))
    let timer: ReturnType<typeof setTimeout> | undefined
    const failed = new Promise<never>((_, reject) => {
      w.addEventListener('error', (e) => reject(new Error(e.message || 'the worker script failed to load')))
      timer = setTimeout(() => reject(new Error(`the worker did not start within ${WORKER_START_MS} ms`)), WORKER_START_MS)
    })
    const remote = wrap<EngineApi>(w)
    try {
      await Promise.race([remote.init(options, proxy(callbacks), clock()), failed])
    } finally {
      clearTimeout(timer)
    }
    return remote as unknown as EngineApi
  }
  const startLocal = async (): Promise<EngineApi> => {
    const { createEngine } = await import('./engine.ts')
    const engine = createEngine()
    await engine.init(options, callbacks, clock())
    return engine
  }
  const start = async (): Promise<EngineApi | null> => {
    if (problems.length > 0) {
      report({ code: 'INVALID_OPTIONS', message: `createAuspex: ${problems.join('; ')}` })
      if (options.goals.length === 0) return null
    }
    if (input?.worker !== false && typeof Worker !== 'undefined') {
      try {
        return await startWorker()
      } catch (error) {
        worker?.terminate()
        worker = null
        report({ code: 'WORKER_UNAVAILABLE', message: `module worker unavailable (${(error as Error)?.message}); running on the main thread` })
      }
    }
    return startLocal()
  }
  const engine = start().catch((error) => {
    report({ code: 'INTERNAL', message: `Auspex could not start: ${(error as Error)?.message}` })
    return null
  })
  const call = <T>(fn: (e: EngineApi) => Promise<T>, fallback: T): Promise<T> =>
    engine.then((e) => (e && !destroyed ? fn(e) : fallback)).catch((error) => {
      report({ code: (error as { code?: string })?.code ?? 'INTERNAL', message: String((error as Error)?.message ?? error) })
      return fallback
    })
  const stamp = (e: TrackEvent, at: number): TrackEvent & { timestamp: number | string } => ({ ...e, timestamp: e?.timestamp ?? at })

  return {
    track(event) {
      try {
        const at = clock()
        const stamped = stamp(event, at)
        void call((e) => e.track(stamped, at), undefined)
      } catch (error) {
        report({ code: 'INVALID_EVENT', message: `track: ${(error as Error)?.message}` })
      }
    },
    score: (goal) => call((e) => e.score(goal, clock()), null),
    identify: (id, o) => call((e) => e.identify(id, o?.grant, clock()), null),
    subscribe(goal, cb) {
      const set = listeners.get(goal) ?? new Set()
      listeners.set(goal, set)
      set.add(cb)
      return () => void set.delete(cb)
    },
    load(events) {
      try {
        const at = clock()
        const stamped = Array.isArray(events) ? events.map((e) => stamp(e, at)) : events
        return call((e) => e.load(stamped, at), undefined)
      } catch (error) {
        report({ code: 'INVALID_EVENT', message: `load: ${(error as Error)?.message}` })
        return Promise.resolve()
      }
    },
    segments: () => call((e) => e.segments(clock()), []),
    onSegments(cb) {
      segmentListeners.add(cb)
      return () => void segmentListeners.delete(cb)
    },
    diagnostics: () => call((e) => e.diagnostics(), { events: 0, droppedEvents: 0, unknownTypes: {} }),
    refresh: () => call((e) => e.refresh(clock()), undefined),
    consent: (granted) => call((e) => e.consent(granted === true, clock()), undefined),
    forget: () => call((e) => e.forget(clock()), undefined),
    destroy() {
      if (destroyed) return
      destroyed = true
      // the engine flushes pending writes and stops its timers before the worker goes
      void engine.then((e) => e?.destroy()).catch(() => {}).then(() => worker?.terminate())
      listeners.clear()
      segmentListeners.clear()
    },
    ready: engine.then(() => {}),
  }
}
