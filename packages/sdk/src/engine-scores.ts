import type { AuspexEvent, FeatureState, Model } from '@auspex/core'
import type { StateRecord } from './db.ts'
import type { EngineRuntime } from './engine-runtime.ts'
import { rebuildState, usableState } from './profile-state.ts'
import type { AuspexScore } from './protocol.ts'

/** The models in use, each goal's feature state, and the scores the host has seen. */
export interface EngineScores {
  /** The model in use for `goal`, if any. */
  model(goal: string): Model | undefined
  /** The score of `goal` at `at`, or null without a model. */
  predict(goal: string, at: number): AuspexScore | null
  /** Re-scores `goals` (default: all) at `at`; calls `onScore` for each score that changed, then `onScores`. */
  emit(at: number, goals?: Iterable<string>): void
  /** Folds events into every goal's state. */
  apply(events: readonly AuspexEvent[]): void
  /** Puts a verified model in place; keeps, reloads or rebuilds the goal's state so that the model can read it. */
  install(model: Model): Promise<void>
  /** Re-reads every goal's state from the store, rebuilding from the log what the model cannot read. */
  reload(): Promise<void>
  /** Fresh states for every goal; forgets the scores sent (the next `emit` sends them all). */
  clear(): void
  /** Every goal's state, stamped with the client's clock, to be written to the store. */
  stateRecords(): StateRecord[]
}

/**
 * The engine's scoring bookkeeping: one model and one feature state per goal, every goal's latest score (which
 * `onScores` hands to the segments) and the signature of the last score sent, so `onScore` fires only on change.
 */
export function createEngineScores(
  rt: EngineRuntime,
  o: {
    /** the device's event log, oldest first (to rebuild states) */
    log: () => Promise<AuspexEvent[]>
    /** after each `emit`: every goal's latest score */
    onScores: (latest: ReadonlyMap<string, AuspexScore>) => void
  },
): EngineScores {
  const models = new Map<string, Model>()
  const states = new Map<string, FeatureState>()
  const emitted = new Map<string, string>()
  /** every goal's latest score (segments read them) */
  const latest = new Map<string, AuspexScore>()

  const predict = (goal: string, at: number): AuspexScore | null => {
    const model = models.get(goal)
    const state = states.get(goal)
    return model && state ? model.predict(state, at, { topFactors: rt.opts.topFactors }) : null
  }
  const emit = (at: number, goals: Iterable<string> = models.keys()) => {
    for (const goal of goals) {
      const s = predict(goal, at)
      if (!s) continue
      latest.set(goal, s)
      const signature = `${s.modelVersion}|${s.probability}|${s.eligible}|${s.factors.map((f) => `${f.code}:${f.contribution}`).join(',')}`
      if (emitted.get(goal) === signature) continue
      emitted.set(goal, signature)
      rt.notify(() => rt.cb.onScore(s))
    }
    o.onScores(latest)
  }

  return {
    model: (goal) => models.get(goal),
    predict,
    emit,
    apply(events) {
      for (const [goal, model] of models) {
        const state = states.get(goal)!
        for (const e of events) model.engine.update(state, e)
      }
    },
    async install(model) {
      const goal = model.goal.name
      models.set(goal, model)
      let state = usableState(model, { goal, state: states.get(goal)!, updatedAt: 0 })
      state ??= usableState(model, await rt.store.getState(goal))
      state ??= rebuildState(model, await o.log())
      states.set(goal, state)
      emit(rt.now(), [goal])
    },
    async reload() {
      const events = await o.log()
      for (const [goal, model] of models) states.set(goal, usableState(model, await rt.store.getState(goal)) ?? rebuildState(model, events))
    },
    clear() {
      for (const [goal, model] of models) states.set(goal, model.engine.init())
      emitted.clear()
      latest.clear()
    },
    stateRecords: () => [...states].map(([goal, state]) => ({ goal, state, updatedAt: rt.now() })),
  }
}
