/** Seeded synthetic shoppers for the shard worker's tests: enough history for a 30-day goal's splits. */
import { createArtifact, createFeatureConfig, type AuspexEvent, type GoalSpec, type ModelArtifact } from '@auspex/core'
import type { SplitPlan } from '../split-plan.ts'
import { ShardBuilder } from '../shard-builder.ts'
import { shardOf } from '../shard-of.ts'
import type { ShardTable } from '../format.ts'

export const DAY = 86_400_000
export const T0 = Date.UTC(2024, 0, 1)
export const DAYS = 240

export const goal: GoalSpec = {
  name: 'purchase-30d', propensity: 'conversion', window: '30d',
  outcome: { anyOf: [{ type: 'purchase', where: [{ field: 'value', op: '>', value: 0 }] }] },
  eligible: { activeWithin: '45d' },
  customEvents: [{ name: 'Viewed pricing', type: 'pageView', where: [{ field: 'attributes.page', op: 'contains', value: 'pricing' }] }],
}
export const config = createFeatureConfig({ eventTypes: ['pageView', 'addToCart', 'purchase'] })

/** The splits of a 30-day goal over [T0, T0 + DAYS days), as the trainer's planSplits lays them out. */
export function plan(): SplitPlan {
  const end = T0 + DAYS * DAY
  const w = 30 * DAY
  const testAt = end - w
  const validEnd = testAt - w
  const validStart = validEnd - 14 * DAY
  return { holdout: 'time', windowMs: w, first: T0, trainEnd: validStart - w, validStart, validEnd, testAt, end }
}

function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `n` profiles (ids of mixed lengths, so that id order is not numeric order), each with its events in time order. */
export function shoppers(n: number, seed = 7): Array<{ profileId: string; events: AuspexEvent[] }> {
  const rand = prng(seed)
  const out: Array<{ profileId: string; events: AuspexEvent[] }> = []
  for (let i = 0; i < n; i++) {
    const profileId = `u${(i * 7919) % (n * 13)}`
    const events: AuspexEvent[] = []
    let t = T0 + Math.floor(rand() * 60 * DAY)
    const rate = 0.5 + rand() * 4
    while (t < T0 + DAYS * DAY) {
      const r = rand()
      const type = r < 0.6 ? 'pageView' : r < 0.85 ? 'addToCart' : 'purchase'
      const e: AuspexEvent = { profileId, timestamp: t, type }
      if (type === 'purchase') e.value = Math.round(rand() * 10000) / 100
      if (type !== 'pageView') e.item = `sku-${Math.floor(rand() * 40)}`
      if (type === 'pageView' && rand() < 0.2) e.attributes = { page: rand() < 0.5 ? '/pricing' : '/home' }
      events.push(e)
      // same-millisecond bursts now and then (one order's lines)
      t += rand() < 0.1 ? 0 : Math.floor((rand() * 12 * DAY) / rate) + 1
    }
    out.push({ profileId, events })
  }
  return out.sort((a, b) => (a.profileId < b.profileId ? -1 : 1))
}

/** The profiles cut into `n` shards by {@link shardOf}. */
export function shardTables(profiles: ReadonlyArray<{ profileId: string; events: AuspexEvent[] }>, n: number): ShardTable[] {
  const builders = Array.from({ length: n }, () => new ShardBuilder())
  for (const p of profiles) builders[shardOf(p.profileId, n)]!.add(p.profileId, p.events)
  return builders.map((b) => b.build())
}

/** A hand-set model of the synthetic goal, enough to score and explain. */
export function artifact(): ModelArtifact {
  return createArtifact({
    goal, config,
    model: {
      kind: 'gam', intercept: -2,
      terms: [
        { feature: 'days_since_purchase', edges: [1, 7, 30], weights: [-1.2, 1.1, 0.6, -0.2, -0.9] },
        { feature: 'count_addtocart_1d', edges: [0.5, 2], weights: [0, -0.3, 0.8, 1.5] },
        { feature: 'sessions_30d', edges: [1, 3, 6], weights: [0, -0.4, 0.1, 0.5, 0.9] },
      ],
    },
    calibration: { kind: 'platt', a: 0.9, b: 0.1 },
    population: Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000),
    metrics: { auc: 0.8 }, createdAt: new Date(Date.UTC(2026, 10, 28)),
  })
}
