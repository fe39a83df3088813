import type { AuspexEvent, FeatureState, Model } from '@auspex/core'
import type { StateRecord } from './db.ts'
import type { EngineIdentity } from './engine-identity.ts'
import type { EngineRuntime } from './engine-runtime.ts'
import { rebuildState, usableState } from './profile-state.ts'
import type { AuspexScore, ScoreChanges } from './protocol.ts'

/** The models in use, each goal's feature state, and the scores the host has seen. */
export interface EngineScores {
  /** The model in use for `goal`, if any. */
  model(goal: string): Model | undefined
  /** The models of the configured goals that have one. */
  models(): Model[]
  /** The score of `goal` at `at` (with `changes` since the last score sent), or null without a model. */
  predict(goal: string, at: number): AuspexScore | null
  /** Re-scores `goals` (default: all) at `at`; calls `onScore` for each score that changed, then `onScores`. */
  emit(at: number, goals?: Iterable<string>): void
  /** Folds events into every goal's state (their known types become the `cause` of the next score). */
  apply(events: readonly AuspexEvent[]): void
  /** Puts a verified model in place; keeps, reloads or rebuilds the goal's state so that the model can read it. */
  install(model: Model): Promise<void>
  /**
   * Re-reads every goal's state from the store, rebuilding from the log what the model cannot read. `types`: the
   * canonical types of the events that changed the stored states (another tab's bulk load), the next `cause`.
   */
  reload(types?: readonly string[]): Promise<void>
  /** Fresh states for every goal; forgets the scores sent (the next `emit` sends them all). */
  clear(): void
  /** Every goal's state, stamped with the client's clock, to be written to the store. */
  stateRecords(): StateRecord[]
}

/** The last score of a goal sent to `onScore`: what the next score's `changes` are measured from. */
interface Sent {
  version: string
  vector: Float32Array
  at: number
}

/**
 * The engine's scoring bookkeeping: one model and one feature state per goal, every goal's latest score (which
 * `onScores` hands to the segments) and the signature of the last score sent, so `onScore` fires only on change.
 * For `changes`, each goal keeps the feature vector of the last score sent and the types applied since.
 */
export function createEngineScores(
  rt: EngineRuntime,
  o: {
    /** the device's event log, oldest first (to rebuild states) */
    log: () => Promise<AuspexEvent[]>
    /** after each `emit`: every goal's latest score */
    onScores: (latest: ReadonlyMap<string, AuspexScore>) => void
    /** a model was put in place (before its first score) */
    onInstall?: (model: Model) => void
    /** a known customer's state from the edge (`identify`), merged into the scores of its goals */
    identity?: EngineIdentity
  },
): EngineScores {
  const models = new Map<string, Model>()
  const states = new Map<string, FeatureState>()
  const emitted = new Map<string, string>()
  /** every goal's latest score (segments read them) */
  const latest = new Map<string, AuspexScore>()
  const sent = new Map<string, Sent>()
  /** per goal: the known types applied since the last score sent, in order, each once */
  const causes = new Map<string, string[]>()

  const addCause = (goal: string, model: Model, type: string) => {
    if (!model.engine.knows(type)) return
    const list = causes.get(goal)
    if (!list) causes.set(goal, [type])
    else if (!list.includes(type)) list.push(type)
  }
  /** The score of `goal` at `at` and its feature vector; `changes` when a score of this model version was sent. */
  const compute = (goal: string, at: number): { score: AuspexScore; vector: Float32Array } | null => {
    const model = models.get(goal)
    const device = states.get(goal)
    if (!model || !device) return null
    const state = o.identity ? o.identity.state(model, device) : device
    const score: AuspexScore = model.predict(state, at, { topFactors: rt.opts.topFactors })
    const vector = model.vector(state, at)
    const before = sent.get(goal)
    if (before?.version === model.version) {
      const changes: ScoreChanges = { ...model.change(before.vector, vector), cause: [...(causes.get(goal) ?? [])], since: before.at }
      score.changes = changes
    }
    return { score, vector }
  }
  const emit = (at: number, goals: Iterable<string> = models.keys()) => {
    for (const goal of goals) {
      const computed = compute(goal, at)
      if (!computed) continue
      const s = computed.score
      latest.set(goal, s)
      const signature = `${s.modelVersion}|${s.probability}|${s.eligible}|${s.factors.map((f) => `${f.code}:${f.contribution}`).join(',')}`
      if (emitted.get(goal) === signature) continue
      emitted.set(goal, signature)
      sent.set(goal, { version: s.modelVersion, vector: computed.vector, at })
      causes.delete(goal)
      rt.notify(() => rt.cb.onScore(s))
    }
    o.onScores(latest)
  }

  return {
    model: (goal) => models.get(goal),
    models: () => rt.opts.goals.flatMap((goal) => models.get(goal) ?? []),
    predict: (goal, at) => compute(goal, at)?.score ?? null,
    emit,
    apply(events) {
      for (const [goal, model] of models) {
        const state = states.get(goal)!
        for (const e of events) {
          model.engine.update(state, e)
          o.identity?.apply(model, e)
          addCause(goal, model, e.type)
        }
      }
    },
    async install(model) {
      const goal = model.goal.name
      models.set(goal, model)
      o.onInstall?.(model)
      let state = usableState(model, { goal, state: states.get(goal)!, updatedAt: 0 })
      state ??= usableState(model, await rt.store.getState(goal))
      state ??= rebuildState(model, await o.log())
      states.set(goal, state)
      if (o.identity?.has(goal)) o.identity.rebuild(model, await o.log())
      emit(rt.now(), [goal])
    },
    async reload(types = []) {
      const events = await o.log()
      await o.identity?.load()
      for (const [goal, model] of models) {
        states.set(goal, usableState(model, await rt.store.getState(goal)) ?? rebuildState(model, events))
        o.identity?.rebuild(model, events)
        for (const type of types) addCause(goal, model, type)
      }
    },
    clear() {
      for (const [goal, model] of models) states.set(goal, model.engine.init())
      emitted.clear()
      latest.clear()
      sent.clear()
      causes.clear()
    },
    stateRecords: () => [...states].map(([goal, state]) => ({ goal, state, updatedAt: rt.now() })),
  }
}
