/**
 * A tiny, noisy hourly clickstream: a few hundred visitors over three weeks, sessions of views, carts and
 * purchases; the goal is a purchase within 24 hours. Few examples, many of them near-duplicates in time: the
 * case where a leaky split and an unsettled fit cost the most.
 */
import type { AuspexEvent } from '@auspex/core'
import { DAY, HOUR, type AccuracyCase } from './case-types.ts'
import { createRng } from './prng.ts'

export function hourlyClickstreamCase(seed = 11, visitors = 1200): AccuracyCase {
  const rng = createRng(seed)
  const start = Date.UTC(2021, 5, 1)
  const end = start + 21 * DAY
  const events: AuspexEvent[] = []
  for (let v = 0; v < visitors; v++) {
    const profileId = `v${v}`
    const intent = rng.next() ** 2 // most visitors browse, few mean to buy
    let t = start + rng.next() * 18 * DAY
    while (t < end) {
      const views = 1 + rng.int(0, 6)
      let carted = false
      for (let k = 0; k < views && t < end; k++) {
        events.push({ profileId, timestamp: Math.round(t), type: 'productView', item: `i${rng.int(1, 200)}`, value: rng.int(3, 60) })
        t += rng.exp(2) * 60_000
        if (rng.chance(0.05 + intent * 0.3)) {
          events.push({ profileId, timestamp: Math.round(t), type: 'addToCart', item: `i${rng.int(1, 200)}`, value: rng.int(3, 60) })
          carted = true
          t += rng.exp(1) * 60_000
        }
      }
      if (carted && rng.chance(0.15 + intent * 0.5) && t < end) {
        t += rng.exp(3) * HOUR * (rng.chance(0.5) ? 0.1 : 1)
        if (t < end) events.push({ profileId, timestamp: Math.round(t), type: 'purchase', value: rng.int(10, 200) })
      }
      t += rng.exp(1.5 - intent) * DAY + (rng.chance(0.2) ? rng.exp(4) * DAY : 0) // noisy returns
    }
  }
  return {
    name: 'tiny hourly clickstream',
    failureClass: 'a tiny noisy clickstream with a 24 h goal (leaky split, unsettled fit)',
    events,
    goal: { name: 'purchase-24h', propensity: 'conversion', window: '24h', outcome: { anyOf: [{ type: 'purchase' }] }, eligible: { activeWithin: '7d' } },
    cut: start + 19 * DAY,
  }
}
