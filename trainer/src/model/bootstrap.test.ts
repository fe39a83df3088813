import { describe, expect, it } from 'vitest'
import { createRng } from '../cases/prng.ts'
import { pairedAucBootstrap } from './bootstrap.ts'
import { auc } from './metrics.ts'

/** n examples with a latent signal: labels from it, and a score = signal + noise of the given size. */
function population(n: number, seed: number) {
  const rng = createRng(seed)
  const signal = Array.from({ length: n }, () => rng.next())
  const labels = signal.map((s) => (rng.next() < 0.1 + 0.6 * s ? 1 : 0))
  const noisy = (size: number, k: number) => {
    const r = createRng(seed * 100 + k)
    return signal.map((s) => s + size * (r.next() - 0.5))
  }
  return { labels, noisy }
}

describe('pairedAucBootstrap', () => {
  const { labels, noisy } = population(1500, 7)

  it('covers zero for two models that differ only by noise', () => {
    const a = noisy(0.3, 1)
    const b = noisy(0.3, 2)
    const r = pairedAucBootstrap(a, b, labels)
    expect(r.difference).toBeCloseTo(auc(b, labels) - auc(a, labels), 12)
    expect(r.low).toBeLessThan(0)
    expect(r.high).toBeGreaterThan(0)
    expect(r.low).toBeLessThanOrEqual(r.difference)
    expect(r.high).toBeGreaterThanOrEqual(r.difference)
    expect(r).toMatchObject({ level: 0.95, resamples: 1000, seed: 1 })
  })

  it('excludes zero when B is clearly better', () => {
    const a = noisy(2, 3)
    const b = noisy(0.1, 4)
    const r = pairedAucBootstrap(a, b, labels)
    expect(r.difference).toBeGreaterThan(0.05)
    expect(r.low).toBeGreaterThan(0)
    // and the other way round the interval lies below zero
    const flipped = pairedAucBootstrap(b, a, labels)
    expect(flipped.high).toBeLessThan(0)
    expect(flipped.difference).toBeCloseTo(-r.difference, 12)
  })

  it('is deterministic for a seed and changes with it; a higher level gives a wider interval', () => {
    const a = noisy(0.5, 5)
    const b = noisy(0.4, 6)
    expect(pairedAucBootstrap(a, b, labels, { seed: 3 })).toEqual(pairedAucBootstrap(a, b, labels, { seed: 3 }))
    expect(pairedAucBootstrap(a, b, labels, { seed: 3 }).low).not.toBe(pairedAucBootstrap(a, b, labels, { seed: 4 }).low)
    const narrow = pairedAucBootstrap(a, b, labels, { level: 0.5, resamples: 400 })
    const wide = pairedAucBootstrap(a, b, labels, { level: 0.99, resamples: 400 })
    expect(wide.high - wide.low).toBeGreaterThan(narrow.high - narrow.low)
  })

  it('handles tied scores like auc() and is zero-width for identical models', () => {
    const coarse = noisy(0.2, 8).map((s) => Math.round(s * 4) / 4)
    const r = pairedAucBootstrap(coarse, coarse, labels, { resamples: 50 })
    expect(r).toMatchObject({ difference: 0, low: 0, high: 0 })
    const other = noisy(0.2, 9)
    expect(pairedAucBootstrap(coarse, other, labels, { resamples: 10 }).difference).toBeCloseTo(auc(other, labels) - auc(coarse, labels), 12)
  })

  it('refuses score vectors of another length than the labels', () => {
    expect(() => pairedAucBootstrap([0.1, 0.2], [0.1], [0, 1])).toThrow(/2 and 1 scores for 2 labels/)
  })
})
