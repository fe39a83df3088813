import { describe, expect, it } from 'vitest'
import { niceStep, niceTicks } from './ticks.ts'

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 × 10^k from 0 to the first tick covering the maximum', () => {
    expect(niceTicks(326)).toEqual([0, 100, 200, 300, 400])
    expect(niceTicks(1.3)).toEqual([0, 0.5, 1, 1.5])
    expect(niceTicks(1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    expect(niceTicks(0.4)).toEqual([0, 0.1, 0.2, 0.3, 0.4])
    expect(niceTicks(168)).toEqual([0, 50, 100, 150, 200])
    expect(niceTicks(2.1)).toEqual([0, 0.5, 1, 1.5, 2, 2.5])
    expect(niceTicks(0.07)).toEqual([0, 0.02, 0.04, 0.06, 0.08])
    expect(niceTicks(9)).toEqual([0, 2, 4, 6, 8, 10])
    expect(niceTicks(1_234_567)).toEqual([0, 500_000, 1_000_000, 1_500_000])
  })

  it('covers the maximum with at most five intervals, on a 1-2-5 step, for any maximum', () => {
    for (let max = 0.0013; max < 5e6; max *= 1.37) {
      const ticks = niceTicks(max)
      const step = niceStep(max)
      expect(ticks[0]).toBe(0)
      expect(ticks.at(-1)!).toBeGreaterThanOrEqual(max)
      expect(ticks.at(-2)!).toBeLessThan(max)
      expect(ticks.length - 1).toBeLessThanOrEqual(5)
      const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9)
      expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9)).toBe(true)
      ticks.forEach((t, i) => expect(t).toBeCloseTo(i * step, 12))
    }
  })

  it('falls back to [0, 1] for a maximum of zero or less, or not a number', () => {
    expect(niceTicks(0)).toEqual([0, 1])
    expect(niceTicks(-3)).toEqual([0, 1])
    expect(niceTicks(Number.NaN)).toEqual([0, 1])
  })
})
