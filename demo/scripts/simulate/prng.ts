/**
 * A small seeded pseudo-random generator (mulberry32: a 32-bit state advanced by a Weyl step, then mixed),
 * with the draws the simulator needs. Not for cryptography; for the same output on every run and machine.
 */

/** Seeded draws: `next()` in [0, 1) and helpers built on it. */
export interface Prng {
  next(): number
  /** an integer in [min, max], both included */
  int(min: number, max: number): number
  /** true with probability `p` */
  chance(p: number): boolean
  /** an exponential draw with mean `mean` */
  exponential(mean: number): number
  /** a uniformly chosen element (the array must not be empty) */
  pick<T>(items: readonly T[]): T
}

/** Creates a generator from a 32-bit integer seed. */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 15), z | 1)
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61)
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    exponential: (mean) => -mean * Math.log(1 - next()),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  }
}
