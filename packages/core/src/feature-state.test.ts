import { describe, expect, it } from 'vitest'
import { createFeatureConfig, FEATURE_LIMITS } from './feature-config.ts'
import { createFeatureEngine } from './feature-engine.ts'
import { compileGoal } from './goal.ts'
import { CANONICAL_TYPES } from './vocabulary.ts'
import { DAY, purchaseGoal, T0 } from './test-support/fixtures.ts'

describe('feature state size', () => {
  it('stays ≤ 8 KB of JSON for a profile active every day with every type, many times a day, for a year', () => {
    const types = [...Object.keys(CANONICAL_TYPES), 'signup', 'login', 'share', 'review']
    const engine = createFeatureEngine(compileGoal(purchaseGoal), createFeatureConfig({ eventTypes: types }))
    const state = engine.init()
    for (let d = 0; d < 365; d++) {
      for (let k = 0; k < 40; k++) {
        const type = types[k % types.length]!
        engine.update(state, { profileId: 'p', timestamp: T0 + d * DAY + k * 45 * 60_000, type, value: 123.456 + k, item: `item-${k}` })
      }
    }
    const bytes = new TextEncoder().encode(JSON.stringify(state)).length
    expect(state.daily.length).toBe(90)
    expect(bytes).toBeLessThanOrEqual(8 * 1024)
  })

  it('bounds the state of any config a model may carry (longest window × counters)', () => {
    // the limits make the worst case finite: a state has at most maxWindowDays day slots per counter
    expect(FEATURE_LIMITS.maxWindowDays * (FEATURE_LIMITS.maxEventTypes + 3)).toBeLessThan(20_000)
  })
})
