import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BottomKSample, unitHash, unitHashAfter } from './sample.ts'

describe('BottomKSample', () => {
  it('keeps exactly the max items with the smallest keys, whatever the arrival order', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { maxLength: 300 }), fc.integer({ min: 1, max: 40 }), (keys, max) => {
      const forward = new BottomKSample<number>(max), backward = new BottomKSample<number>(max)
      keys.forEach((k) => forward.add(k, k))
      ;[...keys].reverse().forEach((k) => backward.add(k, k))
      const expected = [...keys].sort((a, b) => a - b).slice(0, max)
      expect([...forward.result()].sort((a, b) => a - b)).toEqual(expected)
      expect([...backward.result()].sort((a, b) => a - b)).toEqual(expected)
      expect(forward.seen).toBe(keys.length)
    }))
  })
  it('keeps everything below the cap, in arrival order', () => {
    const s = new BottomKSample<string>(5)
    ;['a', 'b', 'c'].forEach((x, i) => s.add(1 - i / 10, x))
    expect(s.result()).toEqual(['a', 'b', 'c'])
  })
  it('rejects a cap that is not a positive integer', () => {
    expect(() => new BottomKSample(0)).toThrow(/maxExamples/)
  })
})

describe('unitHash', () => {
  it('is deterministic, in [0, 1), and spreads nearby inputs', () => {
    const hs = Array.from({ length: 10_000 }, (_, i) => unitHash(`0:profile-${i}:1300000000000`))
    expect(unitHash('0:a:1')).toBe(unitHash('0:a:1'))
    expect(hs.every((h) => h >= 0 && h < 1)).toBe(true)
    const below = hs.filter((h) => h < 0.25).length
    expect(below).toBeGreaterThan(2300)
    expect(below).toBeLessThan(2700)
  })

  it('unitHashAfter(prefix)(t) is unitHash(prefix + t) for every number', () => {
    const times = fc.oneof(fc.integer({ min: 0, max: 2 ** 45 }), fc.constantFrom(0, -0, 9, 10, 99, 100, Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, -1, NaN, Infinity),
      fc.maxSafeInteger(), fc.double())
    fc.assert(fc.property(fc.string(), fc.array(times, { maxLength: 20 }), (prefix, ts) => {
      const hash = unitHashAfter(prefix)
      for (const t of ts) expect(hash(t)).toBe(unitHash(prefix + String(t)))
    }), { numRuns: 500 })
  })
})
