import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createArtifact, createFeatureConfig, loadModel, normalizeEvents, scoreEvents, type GoalSpec } from '@auspex/core'
import { createAuspex } from '@auspex/sdk'
import { describe, expect, it } from 'vitest'

/**
 * Cross-runtime parity: one profile's events scored by the SDK (its engine, on the main thread in Node) and by
 * core's `scoreEvents` agree to 1e-6 — probability, score, bucket, percentile, every factor's contribution.
 * The Chromium suite of packages/sdk checks the SDK's worker against core in Node the same way.
 */
const ROOT = new URL('../../', import.meta.url).pathname
const goal = JSON.parse(readFileSync(join(ROOT, 'goals/purchase-30d.json'), 'utf8')) as GoalSpec
const artifact = createArtifact({
  goal,
  config: createFeatureConfig({ eventTypes: ['pageView', 'addToCart', 'purchase'] }),
  model: {
    kind: 'gam',
    intercept: -2,
    terms: [
      { feature: 'days_since_purchase', edges: [1, 7, 30], weights: [-1.2, 1.1, 0.6, -0.2, -0.9] },
      { feature: 'count_addtocart_1d', edges: [0.5, 2], weights: [0, -0.3, 0.8, 1.5] },
      { feature: 'sessions_30d', edges: [1, 3, 6], weights: [0, -0.4, 0.1, 0.5, 0.9] },
      { feature: 'custom_big_order_total', edges: [1], weights: [0, -0.1, 0.7] },
      { feature: 'value_total', edges: [10, 100, 1000], weights: [0, -0.5, 0.1, 0.4, 0.8] },
    ],
  },
  calibration: { kind: 'platt', a: 0.9, b: 0.1 },
  population: Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000),
  metrics: { auc: 0.8 },
  createdAt: new Date(Date.UTC(2026, 10, 28)),
})

const T0 = Date.UTC(2011, 2, 1, 9)
const MIN = 60_000
const DAY = 86_400_000
const events = [
  { type: 'pageView', timestamp: T0, item: 'A' },
  { type: 'addToCart', timestamp: T0 + 2 * MIN, item: 'A', value: 12.5 },
  { type: 'purchase', timestamp: T0 + 5 * MIN, value: 12.5 },
  { type: 'pageView', timestamp: T0 + 3 * DAY, item: 'B' },
  { type: 'addToCart', timestamp: T0 + 3 * DAY + 2 * MIN, item: 'C', value: 40 },
  { type: 'search', timestamp: T0 + 9 * DAY },
  { type: 'purchase', timestamp: T0 + 9 * DAY + 10 * MIN, value: 180 },
  { type: 'addToCart', timestamp: T0 + 20 * DAY + MIN, item: 'D', value: 7 },
]

describe('SDK = core', () => {
  for (const at of [T0 + 9 * DAY + 11 * MIN, T0 + 21 * DAY, T0 + 50 * DAY]) {
    it(`at ${new Date(at).toISOString()}`, async () => {
      const before = events.filter((e) => e.timestamp < at) // the device has seen the events up to now
      const core = scoreEvents(loadModel(artifact), normalizeEvents(before, 'p1').events, at)

      const auspex = createAuspex({ goals: [goal.name], models: [artifact], clock: () => at, consent: false, worker: false })
      await auspex.load(before)
      const sdk = (await auspex.score(goal.name))!
      auspex.destroy()

      expect(Math.abs(sdk.probability - core.probability)).toBeLessThan(1e-6)
      expect([sdk.score, sdk.bucket, sdk.percentile, sdk.eligible, sdk.modelVersion]).toEqual([core.score, core.bucket, core.percentile, core.eligible, core.modelVersion])
      expect(sdk.factors.map((f) => f.code)).toEqual(core.factors.map((f) => f.code))
      sdk.factors.forEach((f, i) => expect(Math.abs(f.contribution - core.factors[i]!.contribution)).toBeLessThan(1e-6))
    })
  }
})
