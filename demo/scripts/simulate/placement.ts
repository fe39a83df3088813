/** What every placement of a simulated visit shares: the generator, the products to browse, the data's end. */
import type { Prng } from './prng.ts'
import type { ProductPool } from './sessions.ts'

const DAY = 86_400_000

/** The first moment of the data: no simulated event is earlier. */
export const DATA_START = Date.UTC(2010, 11, 1)

export interface Placement {
  rng: Prng
  pool: ProductPool
  /** the latest real event: every simulated visit ends before it */
  end: number
  /** the chance that a visit without an order abandons a cart (set from the plan) */
  pAbandon: number
}

/** `t` rounded to a whole second, as the real times are. */
export function wholeSecond(t: number): number {
  return Math.round(t / 1000) * 1000
}

/**
 * The day of `t` at the time of day of a real order line (plus up to an hour), whole seconds: visits follow the
 * shop's real daily rhythm instead of spreading evenly over the night.
 */
export function daytime(t: number, p: Placement): number {
  const clock = p.rng.pick(p.pool).timestamp % DAY + p.rng.next() * 3_600_000
  return wholeSecond(t - (t % DAY) + clock)
}
