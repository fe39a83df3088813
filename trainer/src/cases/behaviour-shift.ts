/**
 * A world that shifts: every profile does behaviours `x` and `y` at its own steady daily rates, and buys at a
 * daily rate set by the rate of the behaviour that drives buying in that period — `x` in some periods, `y` in
 * others. A model trained in an `x` period ranks by `x` and is near chance once `y` drives buying: the data for
 * `auspex retrain`'s champion-vs-challenger tests.
 */
import type { AuspexEvent, GoalSpec } from '@auspex/core'
import { DAY, HOUR } from './case-types.ts'
import { createRng } from './prng.ts'

/** Which behaviour drives buying from `fromDay` on (until the next period). */
export interface Regime { fromDay: number; driver: 'x' | 'y' }

export interface ShiftCase {
  events: AuspexEvent[]
  goal: GoalSpec
  start: number
  /** ms of the day each regime starts */
  shifts: number[]
}

/** Seeded events of `profiles` over `days` days, buying driven by the regimes (the first must start at day 0). */
export function behaviourShiftCase(regimes: readonly Regime[], days: number, seed = 5, profiles = 600): ShiftCase {
  const rng = createRng(seed)
  const start = Date.UTC(2024, 0, 1)
  const events: AuspexEvent[] = []
  const driverOn = (d: number): 'x' | 'y' => regimes.filter((r) => r.fromDay <= d).at(-1)?.driver ?? 'x'
  for (let p = 0; p < profiles; p++) {
    const profileId = `p${p}`
    const rate = { x: 0.02 + 0.4 * rng.next(), y: 0.02 + 0.4 * rng.next() }
    for (let d = 0; d < days; d++) {
      const at = (h: number) => start + d * DAY + h * HOUR + rng.int(0, 59) * 60_000
      for (const type of ['x', 'y'] as const) {
        if (rng.chance(rate[type])) events.push({ profileId, timestamp: at(rng.int(8, 11)), type })
      }
      // the daily chance of a purchase grows with the square of the driving behaviour's rate
      if (rng.chance(0.001 + 0.24 * rate[driverOn(d)] ** 2)) {
        events.push({ profileId, timestamp: at(rng.int(12, 20)), type: 'buy', value: 20 })
      }
    }
  }
  return {
    events,
    goal: { name: 'buy-7d', propensity: 'conversion', window: '7d', outcome: { anyOf: [{ type: 'buy' }] } },
    start,
    shifts: regimes.map((r) => start + r.fromDay * DAY),
  }
}
