import { canonicalType, type AuspexEvent, type FeatureState, type Model } from '@auspex/core'
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

/**
 * A fresh state for `model` built from the device's event log (oldest first). Types are canonicalized: an SDK
 * before the one vocabulary stored them as tracked (e.g. GA4's `add_to_cart`), and the model knows `addToCart`.
 */
export function rebuildState(model: Model, log: readonly AuspexEvent[]): FeatureState {
  const state = model.engine.init()
  for (const event of log) {
    const type = canonicalType(event.type)
    model.engine.update(state, type === event.type ? event : { ...event, type })
  }
  return state
}

/** A random profile id (UUID v4 shape) from the platform's CSPRNG. */
export function randomProfileId(): string {
  const c = globalThis.crypto
  if (typeof c?.randomUUID === 'function') return c.randomUUID()
  const b = c.getRandomValues(new Uint8Array(16))
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
}
