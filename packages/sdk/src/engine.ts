import { normalizeEvent, type AuspexEvent } from '@auspex/core'
import { createEngineDiagnostics } from './engine-diagnostics.ts'
import { createEngineIdentity } from './engine-identity.ts'
import { createEngineModels } from './engine-models.ts'
import { createEngineRuntime } from './engine-runtime.ts'
import { createEngineScores } from './engine-scores.ts'
import { createEngineSegments } from './engine-segments.ts'
import { createEngineStorage } from './engine-storage.ts'
import { createEngineTabs } from './engine-tabs.ts'
import { createEngineTelemetry } from './engine-telemetry.ts'
import { SdkError } from './errors.ts'
import { fetchProfileState } from './identity-fetch.ts'
import type { FetchFn } from './model-fetch.ts'
import { randomProfileId } from './profile-state.ts'
import type { EngineApi, EngineInfo, IdentifyResult, TrackEvent } from './protocol.ts'

/** Platform hooks; tests swap them. */
export interface EngineDeps {
  fetch?: FetchFn
  /** false: never try IndexedDB */
  indexedDB?: boolean
}

/**
 * The SDK engine: models, per-goal feature state, the event log and the model cache. Runs in the module
 * worker or, as the fallback, on the main thread. Every method resolves; problems go to `onError`.
 * Its parts: the shared runtime (`engine-runtime.ts`), storage and profile (`engine-storage.ts`), scores
 * (`engine-scores.ts`), models (`engine-models.ts`), segments (`engine-segments.ts`), tabs (`engine-tabs.ts`),
 * counts of what could not be used (`engine-diagnostics.ts`), opt-in live-score telemetry (`engine-telemetry.ts`).
 */
export function createEngine(deps: EngineDeps = {}): EngineApi {
  const rt = createEngineRuntime()
  const diagnostics = createEngineDiagnostics((error) => rt.report(error), () => scores.models())
  const fetchFn: FetchFn = deps.fetch ?? ((url, init) => fetch(url, init))
  const segs = createEngineSegments({
    store: () => rt.store,
    fetch: fetchFn,
    now: rt.now,
    report: (error) => rt.report(error, 'SEGMENTS_FETCH_FAILED'),
    onChange: (change) => rt.notify(() => rt.cb.onSegments?.(change)),
    post: () => tabs.post({ t: 'segments' }),
  })
  const telemetry = createEngineTelemetry(rt, { fetch: fetchFn })
  const identity = createEngineIdentity(rt)
  const scores = createEngineScores(rt, {
    identity,
    log: () => storage.log(),
    onScores(latest) {
      segs.update(latest)
      void telemetry.scored(latest, rt.now())
    },
    onInstall: (model) => diagnostics.installed(model),
  })
  const models = createEngineModels(rt, scores, {
    fetch: fetchFn,
    onCached(goal) {
      storage.persist([])
      tabs.post({ t: 'model', goal })
    },
  })
  const tabs = createEngineTabs(rt, { scores, onModel: models.reload, onSegments: segs.reload, onForget: (profileId) => reset(profileId) })
  const storage = createEngineStorage(rt, {
    indexedDB: deps.indexedDB !== false,
    states: scores.stateRecords,
    onStore: tabs.connect,
    async copyCache(store) {
      await models.copyTo(store)
      await segs.copyTo(store)
      await identity.copyTo(store)
    },
  })

  /** A new profile (forget, here or in another tab): fresh states, every segment left, then re-scored. */
  const reset = (newProfileId: string) => {
    storage.resetProfile(newProfileId)
    identity.clear()
    scores.clear()
    diagnostics.clear()
    telemetry.clear()
    segs.clear()
    scores.emit(rt.now())
  }

  const normalize = (input: unknown, at: number): AuspexEvent | null => {
    const profileId = storage.profileId
    const result = normalizeEvent(input, { defaultProfileId: profileId, now: at })
    if (result.ok) {
      result.event.profileId = profileId
      return result.event
    }
    diagnostics.dropped()
    rt.report({ code: result.error.code, message: `event dropped: ${result.error.message}` })
    return null
  }
  /** Events tracked or loaded here, valid: counted, their unknown types reported, folded into every goal's state. */
  const accept = (events: AuspexEvent[]) => {
    diagnostics.accepted(events)
    void telemetry.accepted(events, scores.models(), rt.now())
    scores.apply(events)
  }

  return {
    async init(options, callbacks, clientNow): Promise<EngineInfo> {
      rt.opts = options
      rt.cb = callbacks
      rt.clientTime(clientNow)
      await storage.open()
      await identity.load()
      void telemetry.open(rt.now())
      await segs.init(options.segments)
      await models.load()
      segs.release()
      if (options.endpoint) models.start(options.endpoint)
      if (options.endpoint && options.segments === true) segs.start(options.endpoint, options.revalidateEvery, (task) => rt.serial(task, undefined))
      return { storage: rt.store.kind, profileId: storage.profileId }
    },

    track(input, clientNow) {
      rt.clientTime(clientNow)
      return rt.serial(() => {
        const event = normalize(input, clientNow)
        if (!event) return
        accept([event])
        scores.emit(clientNow)
        tabs.post({ t: 'event', event })
        storage.persist([event])
      }, undefined)
    },

    load(inputs, clientNow) {
      rt.clientTime(clientNow)
      return rt.serial(async () => {
        if (!Array.isArray(inputs)) throw Object.assign(new Error('load(events) expects an array of events'), { code: 'INVALID_EVENT' })
        const events = inputs.map((e: TrackEvent) => normalize(e, clientNow)).filter((e): e is AuspexEvent => e !== null)
        events.sort((a, b) => a.timestamp - b.timestamp)
        accept(events)
        storage.persist(events)
        await storage.flush()
        tabs.post({ t: 'reload', types: [...new Set(events.map((e) => e.type))] })
        scores.emit(clientNow)
      }, undefined)
    },

    score(goal, clientNow) {
      rt.clientTime(clientNow)
      return rt.serial(() => {
        const { goals } = rt.opts
        if (!goals.includes(goal)) rt.report({ code: 'UNKNOWN_GOAL', message: `goal "${goal}" is not one of the goals given to createAuspex (${goals.join(', ')})` })
        return scores.predict(goal, clientNow)
      }, null)
    },

    async identify(profileId, grant, clientNow) {
      rt.clientTime(clientNow)
      try {
        const endpoint = rt.opts.endpoint
        if (typeof profileId !== 'string' || profileId === '' || typeof grant !== 'string' || grant === '') {
          throw new SdkError('INVALID_ARGUMENT', 'identify(profileId, { grant }): expected the customer\'s id and the grant your backend signed for it (signGrant from @auspex/core)')
        }
        if (!endpoint) throw new SdkError('IDENTIFY_FAILED', 'identify needs createAuspex({ endpoint }): the edge that holds the profiles')
        const profile = await fetchProfileState(fetchFn, endpoint, profileId, grant)
        return await rt.serial(async (): Promise<IdentifyResult> => {
          await identity.set(profile)
          const log = await storage.log()
          for (const model of scores.models()) identity.rebuild(model, log)
          tabs.post({ t: 'reload', types: [] })
          const now = clientNow // the moment the page asked; `score()` reads at the client's clock too
          scores.emit(now)
          const goals = Object.fromEntries(rt.opts.goals.map((goal) => [goal, scores.predict(goal, now)]))
          const merged = scores.models().filter((m) => identity.merged(m)).map((m) => m.goal.name)
          return { profileId, scoredAt: Object.values(profile.goals)[0]?.scoredAt ?? null, goals, merged }
        }, null)
      } catch (error) {
        rt.report(error, 'IDENTIFY_FAILED')
        return null
      }
    },

    async refresh(clientNow) {
      rt.clientTime(clientNow)
      await Promise.all([models.refresh(), segs.revalidate()])
    },

    consent(granted, clientNow) {
      rt.clientTime(clientNow)
      return rt.serial(() => storage.consent(granted), undefined)
    },

    forget(clientNow) {
      rt.clientTime(clientNow)
      return rt.serial(async () => {
        await storage.erase()
        reset(randomProfileId())
        tabs.post({ t: 'forget', profileId: storage.profileId })
      }, undefined)
    },

    segments(clientNow) {
      rt.clientTime(clientNow)
      return rt.serial(() => {
        scores.emit(clientNow)
        return segs.current()
      }, [] as string[])
    },

    diagnostics: () => rt.serial(() => diagnostics.snapshot(), diagnostics.snapshot()),

    async destroy() {
      models.stop()
      segs.stop()
      await rt.idle()
      await telemetry.idle()
      await storage.flush()
      tabs.close()
      rt.store.close()
    },
  }
}
