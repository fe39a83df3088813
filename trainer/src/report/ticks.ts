/**
 * "Nice" axis ticks: evenly spaced at a step of 1, 2 or 5 × 10^k, from 0 to the first tick at or above the
 * maximum, so a reader sees 0, 100, 200, 300, 400 rather than 0, 109, 217, 326.
 */

/** At most this many intervals between ticks (at least ~2 for any maximum). */
const MAX_INTERVALS = 5

/** Rounds away binary noise (3 × 0.1 = 0.30000000000000004) so tick values print as written. */
const clean = (v: number) => Number.parseFloat(v.toPrecision(12))

/** The smallest step of 1, 2 or 5 × 10^k that covers `max` in at most {@link MAX_INTERVALS} intervals. */
export function niceStep(max: number): number {
  const raw = max / MAX_INTERVALS
  const base = 10 ** Math.floor(Math.log10(raw))
  for (const m of [1, 2, 5]) if (clean(m * base) >= raw * (1 - 1e-12)) return clean(m * base)
  return clean(10 * base)
}

/**
 * Ticks from 0 to the first multiple of the nice step at or above `max` (the axis then ends there).
 * @example niceTicks(326) // [0, 100, 200, 300, 400]
 * @example niceTicks(1.3) // [0, 0.5, 1, 1.5]
 * @returns [0, 1] when `max` is not a positive finite number
 */
export function niceTicks(max: number): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1]
  const step = niceStep(max)
  const intervals = Math.max(1, Math.ceil(max / step - 1e-9))
  return Array.from({ length: intervals + 1 }, (_, i) => clean(i * step))
}
