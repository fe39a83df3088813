import { loadModel, normalizeEvent, type AuspexEvent, type FeatureState, type Model } from '@auspex/core'
import type { ModelRecord } from './db.ts'
import { createEngineSegments } from './engine-segments.ts'
import { toErrorInfo } from './errors.ts'
import { openIdbStore } from './idb-store.ts'
import type { FetchFn } from './model-fetch.ts'
import { createModelSync, type ModelSync } from './model-sync.ts'
import { randomProfileId, rebuildState, usableState } from './profile-state.ts'
import type { AuspexScore, EngineApi, EngineCallbacks, EngineInfo, EngineOptions, TrackEvent } from './protocol.ts'
import { createMemoryStore, type Store } from './store.ts'
import { createTabChannel, type TabChannel, type TabMessage } from './tab-channel.ts'
import { createWriteBehind } from './write-behind.ts'

/** Platform hooks; tests swap them. */
export interface EngineDeps {
  fetch?: FetchFn
  /** false: never try IndexedDB */
  indexedDB?: boolean
}

/**
 * The SDK engine: models, per-goal feature state, the event log and the model cache. Runs in the module
 * worker or, as the fallback, on the main thread. Every method resolves; problems go to `onError`.
 */
export function createEngine(deps: EngineDeps = {}): EngineApi {
  let opts!: EngineOptions
  let cb: EngineCallbacks = { onScore() {}, onError() {} }
  let store: Store = createMemoryStore()
  let offset = 0
  let profileId = ''
  let profileSaved = false
  let channel: TabChannel | null = null
  let sync: ModelSync | null = null
  let chain: Promise<unknown> = Promise.resolve()
  const models = new Map<string, Model>()
  const records = new Map<string, ModelRecord>()
  const states = new Map<string, FeatureState>()
  const emitted = new Map<string, string>()
  /** every goal's latest score (segments read them) */
  const latest = new Map<string, AuspexScore>()

  const now = () => Date.now() + offset
  const clientTime = (clientNow: number) => {
    if (Number.isFinite(clientNow)) offset = clientNow - Date.now()
  }
  const report = (error: unknown, fallback?: Parameters<typeof toErrorInfo>[1]) => {
    const info = toErrorInfo(error, fallback)
    if (opts?.debug) console.warn(`[auspex] ${info.code}: ${info.message}`)
    try {
      void Promise.resolve(cb.onError(info)).catch(() => {})
    } catch {}
  }
  /** Runs `task` after every earlier task; never rejects. */
  const serial = <T>(task: () => Promise<T> | T, fallback: T): Promise<T> => {
    const run = chain.then(task).catch((error) => (report(error), fallback))
    chain = run
    return run
  }
  const writer = createWriteBehind({
    store: () => store,
    states: () => [...states].map(([goal, state]) => ({ goal, state, updatedAt: now() })),
    async beforeWrite() {
      if (store.kind === 'indexeddb' && !profileSaved) {
        await store.setMeta('profileId', profileId)
        profileSaved = true
      }
    },
    now,
    report(error) {
      // quota exceeded, database deleted or broken mid-session: keep going in memory (states are intact)
      const info = toErrorInfo(error, 'STORAGE_UNAVAILABLE')
      report({ code: 'STORAGE_UNAVAILABLE', message: `writing to IndexedDB failed (${info.message}); keeping data in memory for this page` })
      if (store.kind === 'indexeddb') {
        store.close()
        useStore(createMemoryStore())
      }
    },
  })
  const segs = createEngineSegments({
    store: () => store,
    fetch: deps.fetch ?? ((url, init) => fetch(url, init)),
    now,
    report: (error) => report(error, 'SEGMENTS_FETCH_FAILED'),
    onChange(change) {
      try {
        void Promise.resolve(cb.onSegments?.(change)).catch(() => {})
      } catch {}
    },
    post: () => channel?.post({ t: 'segments' }),
  })
  const log = async () => [...(await store.readEvents()), ...writer.pending()].sort((a, b) => a.timestamp - b.timestamp)

  const predict = (goal: string, at: number): AuspexScore | null => {
    const model = models.get(goal)
    const state = states.get(goal)
    return model && state ? model.predict(state, at, { topFactors: opts.topFactors }) : null
  }
  /** Calls `onScore` when the goal's score (probability, eligibility, factors, version) changed. */
  const emit = (at: number, goals: Iterable<string> = models.keys()) => {
    for (const goal of goals) {
      const s = predict(goal, at)
      if (!s) continue
      latest.set(goal, s)
      const signature = `${s.modelVersion}|${s.probability}|${s.eligible}|${s.factors.map((f) => `${f.code}:${f.contribution}`).join(',')}`
      if (emitted.get(goal) === signature) continue
      emitted.set(goal, signature)
      try {
        void Promise.resolve(cb.onScore(s)).catch(() => {})
      } catch {}
    }
    segs.update(latest)
  }
  const apply = (events: readonly AuspexEvent[]) => {
    for (const [goal, model] of models) {
      const state = states.get(goal)!
      for (const e of events) model.engine.update(state, e)
    }
  }

  /** Puts a verified model in place; keeps, reloads or rebuilds the goal's state so that the model can read it. */
  const install = async (model: Model, record: ModelRecord | null) => {
    const goal = model.goal.name
    models.set(goal, model)
    if (record) records.set(goal, record)
    let state = usableState(model, { goal, state: states.get(goal)!, updatedAt: 0 })
    state ??= usableState(model, await store.getState(goal))
    state ??= rebuildState(model, await log())
    states.set(goal, state)
    emit(now(), [goal])
  }

  const reset = (newProfileId: string) => {
    profileId = opts.profileId ?? newProfileId
    profileSaved = false
    for (const [goal, model] of models) states.set(goal, model.engine.init())
    emitted.clear()
    latest.clear()
    segs.clear()
    emit(now())
  }

  const onTab = (message: TabMessage) => serial(async () => {
    if (message.t === 'event') {
      apply([message.event])
    } else if (message.t === 'reload') {
      const events = await log()
      for (const [goal, model] of models) states.set(goal, usableState(model, await store.getState(goal)) ?? rebuildState(model, events))
    } else if (message.t === 'model') {
      const record = await store.getModel(message.goal)
      const model = record ? loadModel(record.artifact) : null
      if (model && record && models.get(message.goal)?.hash !== model.hash) await install(model, record)
    } else if (message.t === 'segments') {
      await segs.reload()
    } else if (message.t === 'forget') {
      return reset(message.profileId)
    }
    emit(now())
  }, undefined)

  const useStore = (next: Store) => {
    store = next
    channel?.close()
    channel = next.kind === 'indexeddb' ? createTabChannel(`auspex:${opts.namespace}`, (m) => void onTab(m)) : null
  }

  const normalize = (input: unknown, at: number): AuspexEvent | null => {
    const result = normalizeEvent(input, { defaultProfileId: profileId, now: at })
    if (result.ok) {
      result.event.profileId = profileId
      return result.event
    }
    report({ code: result.error.code, message: `event dropped: ${result.error.message}` })
    return null
  }

  const startSync = (endpoint: string) => {
    sync = createModelSync({
      fetch: deps.fetch ?? ((url, init) => fetch(url, init)),
      endpoint,
      goals: () => opts.goals.filter((g) => !opts.models?.some((m) => m?.goal?.name === g)),
      every: opts.revalidateEvery,
      current: (goal) => ({ record: records.get(goal), hash: models.get(goal)?.hash }),
      onModel: (model, record) => serial(async () => {
        await store.putModel(record)
        await install(model, record)
        writer.persist([])
        channel?.post({ t: 'model', goal: record.goal })
      }, undefined),
      async onSameModel(record) {
        records.set(record.goal, record)
        await store.putModel(record)
      },
      report: (error) => report(error, 'MODEL_INVALID'),
      now,
    })
    sync.start()
  }

  return {
    async init(options, callbacks, clientNow): Promise<EngineInfo> {
      opts = options
      cb = callbacks
      clientTime(clientNow)
      if (options.consent && deps.indexedDB !== false) {
        const idb = await openIdbStore(options.namespace)
        if (idb) useStore(idb)
        else report({ code: 'STORAGE_UNAVAILABLE', message: 'IndexedDB is unavailable (private mode, quota or policy); keeping data in memory for this page only' })
      }
      const saved = await store.getMeta('profileId').catch(() => undefined)
      profileId = options.profileId ?? (typeof saved === 'string' ? saved : randomProfileId())
      profileSaved = saved === profileId
      if (!profileSaved && store.kind === 'indexeddb') profileSaved = await store.setMeta('profileId', profileId).then(() => true, () => false)
      await segs.init(options.segments)
      for (const artifact of options.models ?? []) {
        try {
          await install(loadModel(artifact), null)
        } catch (error) {
          report(error, 'MODEL_INVALID')
        }
      }
      for (const goal of options.goals) {
        if (models.has(goal)) continue
        const record = await store.getModel(goal).catch(() => undefined)
        if (!record) continue
        try {
          await install(loadModel(record.artifact), record)
        } catch (error) {
          await store.deleteModel(goal).catch(() => {})
          report({ code: 'CACHE_CORRUPT', message: `cached model for "${goal}" discarded (${toErrorInfo(error).message}); refetching` })
        }
      }
      segs.release()
      if (options.endpoint) startSync(options.endpoint)
      if (options.endpoint && options.segments === true) segs.start(options.endpoint, options.revalidateEvery, (task) => serial(task, undefined))
      return { storage: store.kind, profileId }
    },

    track(input, clientNow) {
      clientTime(clientNow)
      return serial(() => {
        const event = normalize(input, clientNow)
        if (!event) return
        apply([event])
        emit(clientNow)
        channel?.post({ t: 'event', event })
        writer.persist([event])
      }, undefined)
    },

    load(inputs, clientNow) {
      clientTime(clientNow)
      return serial(async () => {
        if (!Array.isArray(inputs)) throw Object.assign(new Error('load(events) expects an array of events'), { code: 'INVALID_EVENT' })
        const events = inputs.map((e: TrackEvent) => normalize(e, clientNow)).filter((e): e is AuspexEvent => e !== null)
        events.sort((a, b) => a.timestamp - b.timestamp)
        apply(events)
        writer.persist(events)
        await writer.flush()
        channel?.post({ t: 'reload' })
        emit(clientNow)
      }, undefined)
    },

    score(goal, clientNow) {
      clientTime(clientNow)
      return serial(() => {
        if (!opts.goals.includes(goal)) report({ code: 'UNKNOWN_GOAL', message: `goal "${goal}" is not one of the goals given to createAuspex (${opts.goals.join(', ')})` })
        return predict(goal, clientNow)
      }, null)
    },

    async refresh(clientNow) {
      clientTime(clientNow)
      await Promise.all([sync?.revalidateAll(true), segs.revalidate()])
    },

    consent(granted, clientNow) {
      clientTime(clientNow)
      return serial(async () => {
        if (granted === opts.consent && (store.kind === 'indexeddb' || !granted)) return
        opts = { ...opts, consent: granted }
        await writer.flush()
        const previous = store
        if (granted) {
          const idb = deps.indexedDB === false ? null : await openIdbStore(opts.namespace)
          if (!idb) return report({ code: 'STORAGE_UNAVAILABLE', message: 'consent given, but IndexedDB is unavailable; keeping data in memory' })
          await idb.write(await previous.readEvents(), [])
          for (const record of records.values()) await idb.putModel(record)
          await segs.copyTo(idb)
          useStore(idb)
          profileSaved = false
          writer.persist([])
          await writer.flush()
        } else {
          const memory = createMemoryStore()
          await memory.write(await previous.readEvents(), [])
          await previous.erase()
          useStore(memory)
        }
      }, undefined)
    },

    forget(clientNow) {
      clientTime(clientNow)
      return serial(async () => {
        await writer.drop()
        await store.erase()
        reset(randomProfileId())
        channel?.post({ t: 'forget', profileId })
      }, undefined)
    },

    segments(clientNow) {
      clientTime(clientNow)
      return serial(() => {
        emit(clientNow)
        return segs.current()
      }, [] as string[])
    },

    async destroy() {
      sync?.stop()
      segs.stop()
      await chain.catch(() => {})
      await writer.flush()
      channel?.close()
      store.close()
    },
  }
}
