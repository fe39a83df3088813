/**
 * Purchases-only repurchase (grocery-like): customers buy at a personal rhythm (gamma-like inter-purchase
 * times around a personal mean), some drift away; the goal is another purchase within 14 days. Recency and
 * the personal rhythm carry the signal; nothing but purchases is tracked.
 */
import type { AuspexEvent } from '@auspex/core'
import { DAY, type AccuracyCase } from './case-types.ts'
import { createRng } from './prng.ts'

export function repurchaseCase(seed = 5, customers = 3000): AccuracyCase {
  const rng = createRng(seed)
  const start = Date.UTC(2019, 0, 1)
  const end = start + 365 * DAY
  const events: AuspexEvent[] = []
  for (let c = 0; c < customers; c++) {
    const profileId = `c${c}`
    const mean = 3 + rng.exp(12) // days between purchases
    const basket = 10 + rng.exp(40)
    const lapseAt = rng.chance(0.4) ? start + rng.next() * 365 * DAY : Infinity
    let t = start + rng.next() * 120 * DAY
    while (t < end && t < lapseAt) {
      events.push({ profileId, timestamp: Math.round(t), type: 'purchase', value: Math.round(basket * (0.5 + rng.next()) * 100) / 100 })
      // the sum of two exponentials: a gamma(2) gap, more regular than a Poisson process
      t += (rng.exp(mean / 2) + rng.exp(mean / 2)) * DAY
    }
  }
  return {
    name: 'purchases-only repurchase',
    failureClass: 'a purchases-only repurchase goal (recency and rhythm)',
    events,
    goal: { name: 'repurchase-14d', propensity: 'conversion', window: '14d', outcome: { anyOf: [{ type: 'purchase' }] }, eligible: { activeWithin: '120d' } },
    cut: start + 330 * DAY,
  }
}
