import { mergeState, type AuspexEvent, type FeatureState, type Model } from '@auspex/core'
import type { EngineRuntime } from './engine-runtime.ts'
import type { EdgeProfileState } from './identity-fetch.ts'
import { rebuildState } from './profile-state.ts'
import type { Store } from './store.ts'

/** The store's meta key of the known customer's profile state (a JSON string: meta holds scalars). */
const META_KEY = 'identity'

/**
 * A known customer's profile state from the edge (`identify`), and how it joins the device's own events.
 *
 * The edge's state of a goal holds the customer's events before its `scoredAt` (the batch `auspex score` ran);
 * the device adds the state of its own events at or after that moment — events before it are the batch's to
 * count, so nothing is counted twice — and each goal is scored from `mergeState(edge, device after scoredAt)`
 * (exact: the two sides are apart in time). A second `identify` replaces the edge part; the device part is
 * rebuilt from the event log against the new `scoredAt`. The profile state is on-device data: it is kept in the
 * store in use (IndexedDB only with consent) and erased by `forget()`.
 */
export interface EngineIdentity {
  /** Whether the edge gave a state for `goal` (its model then needs the event log at install). */
  has(goal: string): boolean
  /** The identified profile id, or null. */
  profileId(): string | null
  /** The edge's `scoredAt` of `goal` (ISO), if any. */
  scoredAt(goal: string): string | undefined
  /** Replaces the edge part and saves it in the store in use. */
  set(profile: EdgeProfileState): Promise<void>
  /** Re-reads the saved edge part (init, another tab's identify). */
  load(): Promise<void>
  /**
   * For a model in use: rebuilds the state of the device's events at or after `scoredAt` from the log (oldest
   * first). An edge state that the model cannot read is reported (`IDENTITY_STATE_MISMATCH`) and left out.
   */
  rebuild(model: Model, log: readonly AuspexEvent[]): void
  /** Folds a new device event into the device part (events before `scoredAt` are the edge's). */
  apply(model: Model, event: AuspexEvent): void
  /** The state to score `model`'s goal from: the merged one, or `device` (all the device's events) without an edge part. */
  state(model: Model, device: FeatureState): FeatureState
  /** Whether `goal`'s score includes the edge part. */
  merged(model: Model): boolean
  /** Saves the edge part into another store (consent given). */
  copyTo(store: Store): Promise<void>
  /** Forgets the edge part (forget(): the store is erased separately). */
  clear(): void
}

export function createEngineIdentity(rt: EngineRuntime): EngineIdentity {
  let profile: EdgeProfileState | null = null
  /** per goal: the state of the device's events at/after `scoredAt`, for the model version it was built with */
  const after = new Map<string, { version: string; state: FeatureState }>()
  const since = (goal: string) => Date.parse(profile?.goals[goal]?.scoredAt ?? '')
  const save = (store: Store) => (profile ? store.setMeta(META_KEY, JSON.stringify(profile)) : Promise.resolve())

  return {
    has: (goal) => profile?.goals[goal] !== undefined,
    profileId: () => profile?.profileId ?? null,
    scoredAt: (goal) => profile?.goals[goal]?.scoredAt,
    async set(next) {
      profile = next
      after.clear()
      await save(rt.store)
    },
    async load() {
      const saved = await rt.store.getMeta(META_KEY).catch(() => undefined)
      if (typeof saved !== 'string') return
      try {
        profile = JSON.parse(saved) as EdgeProfileState
        after.clear()
      } catch {
        rt.report({ code: 'CACHE_CORRUPT', message: 'the stored identify state could not be read; call identify again' })
      }
    },
    rebuild(model, log) {
      const goal = model.goal.name
      after.delete(goal)
      const edge = profile?.goals[goal]
      if (!edge) return
      try {
        model.engine.assertState(edge.state)
      } catch {
        rt.report({
          code: 'IDENTITY_STATE_MISMATCH',
          message: `identify: the edge's state of "${goal}" was built for model ${edge.modelVersion} (features ${edge.state?.key}), this device scores with ${model.version} (features ${model.engine.key}); scoring from this device's events only until the profiles are re-published for the active model (auspex score --publish-profiles)`,
        })
        return
      }
      const from = since(goal)
      after.set(goal, { version: model.version, state: rebuildState(model, log.filter((e) => e.timestamp >= from)) })
    },
    apply(model, event) {
      const part = after.get(model.goal.name)
      if (part && event.timestamp >= since(model.goal.name)) model.engine.update(part.state, event)
    },
    state(model, device) {
      const part = after.get(model.goal.name)
      const edge = profile?.goals[model.goal.name]
      if (!part || !edge || part.version !== model.version) return device
      return mergeState(edge.state, part.state, model.engine.config)
    },
    merged: (model) => after.get(model.goal.name)?.version === model.version,
    copyTo: save,
    clear() {
      profile = null
      after.clear()
    },
  }
}
