import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BottomKSample, hashPrefix, selectKth, unitHash, unitHashAfter } from './sample.ts'

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
  it('keeps what a full stable sort by key keeps, in that order, with equal keys (the earlier offered first)', () => {
    // the first implementation: sort by key (stable) and truncate whenever 2·max are held
    const reference = (offers: Array<[number, number]>, max: number): number[] => {
      let items: Array<{ key: number; item: number }> = []
      let threshold = Infinity
      const cut = () => {
        items.sort((a, b) => a.key - b.key)
        if (items.length > max) { threshold = items[max]!.key; items.length = max }
      }
      for (const [key, item] of offers) {
        if (key >= threshold) continue
        items.push({ key, item })
        if (items.length >= 2 * max) cut()
      }
      if (items.length > max) cut()
      return items.map((x) => x.item)
    }
    const offers = fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 400 }).map((ks) => ks.map((k, i): [number, number] => [k / 31, i]))
    fc.assert(fc.property(offers, fc.integer({ min: 1, max: 50 }), (list, max) => {
      const s = new BottomKSample<number>(max)
      const accepted: boolean[] = []
      for (const [key, item] of list) { accepted.push(s.accepts(key)); s.add(key, item) }
      expect(s.result()).toEqual(reference(list, max))
      // accepts() never turns away an item the result keeps
      for (const item of s.result()) expect(accepted[item]).toBe(true)
    }), { numRuns: 500 })
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

describe('selectKth', () => {
  it('finds the k-th smallest key, duplicates included', () => {
    const keys = fc.oneof(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 60 }), fc.array(fc.double({ noNaN: true }).map((x) => x + 0), { minLength: 1, maxLength: 60 })) // + 0: no -0 (it equals 0 for the select, not for toBe)
    fc.assert(fc.property(keys, fc.nat(), (list, at) => {
      const k = at % list.length
      const sorted = Float64Array.from(list).sort()
      expect(selectKth(Float64Array.from(list), k)).toBe(sorted[k])
    }), { numRuns: 2000 })
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

  it('unitHashAfter(hashPrefix(prefix), t): deterministic, in [0, 1), uniform over nearby times and prefixes, for every number', () => {
    const edges = [0, -0, 9, 10, 1e8, 1e12, 1e14 + 0.5, 1e15, Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, -1, -1e12, NaN, Infinity, -Infinity]
    const times = fc.oneof(fc.integer({ min: 1e8, max: 1e15 - 1 }), fc.constantFrom(...edges), fc.maxSafeInteger(), fc.double())
    fc.assert(fc.property(fc.string(), fc.array(times, { maxLength: 20 }), (prefix, ts) => {
      const state = hashPrefix(prefix)
      for (const t of ts) {
        const h = unitHashAfter(state, t)
        expect(h).toBe(unitHashAfter(hashPrefix(prefix), t))
        expect(h >= 0 && h < 1).toBe(true)
      }
    }), { numRuns: 500 })
    // consecutive milliseconds, hours and days of one profile, and one time over many profiles: each quarter of [0, 1)
    // holds a quarter of the keys (4 standard errors of a binomial either side)
    const T = Date.UTC(2024, 0, 1)
    const series = [
      Array.from({ length: 10_000 }, (_, i) => unitHashAfter(hashPrefix('1:p-7:'), T + i)),
      Array.from({ length: 10_000 }, (_, i) => unitHashAfter(hashPrefix('1:p-7:'), T + i * 3_600_000)),
      Array.from({ length: 10_000 }, (_, i) => unitHashAfter(hashPrefix(`1:p-${i}:`), T)),
      Array.from({ length: 10_000 }, (_, i) => unitHashAfter(hashPrefix(`${i}:p-7:`), T)),
    ]
    for (const keys of series) {
      for (let q = 0; q < 4; q++) {
        const inQuarter = keys.filter((h) => h >= q / 4 && h < (q + 1) / 4).length
        expect(Math.abs(inQuarter - 2500)).toBeLessThan(4 * Math.sqrt(10_000 * 0.25 * 0.75))
      }
      expect(new Set(keys).size).toBeGreaterThan(9_990)
    }
    // a time 2^32 ms apart is another key (the high word counts)
    expect(unitHashAfter(hashPrefix('1:p:'), T)).not.toBe(unitHashAfter(hashPrefix('1:p:'), T + 2 ** 32))
  })
})
