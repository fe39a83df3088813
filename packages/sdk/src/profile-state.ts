import type { AuspexEvent, FeatureState, Model } from '@auspex/core'
import type { StateRecord } from './db.ts'

/** A state the model can read: right version and key, plausible shape. */
export function usableState(model: Model, record: StateRecord | undefined): FeatureState | null {
  const state = record?.state
  if (typeof state !== 'object' || state === null || !Array.isArray(state.types) || typeof state.n !== 'number') return null
  try {
    model.engine.assertState(state)
    return state
  } catch {
    return null
  }
}

/** A fresh state for `model` built from the device's event log (oldest first). */
export function rebuildState(model: Model, log: readonly AuspexEvent[]): FeatureState {
  const state = model.engine.init()
  for (const event of log) model.engine.update(state, event)
  return state
}

/** A random profile id (UUID v4 shape) from the platform's CSPRNG. */
export function randomProfileId(): string {
  const c = globalThis.crypto
  if (typeof c?.randomUUID === 'function') return c.randomUUID()
  const b = c.getRandomValues(new Uint8Array(16))
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
}
