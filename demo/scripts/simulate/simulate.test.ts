import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_DATA, readRetailLines } from '../generate-data.ts'
import { isProduct, type RetailLine } from '../retail-rows.ts'
import { isReturnLine } from './orders.ts'
import { createPrng } from './prng.ts'
import { CONVERSION_RATE } from './rates.ts'
import { realisedRates } from './realised.ts'
import { pence, toCsvLine } from './sim-event.ts'
import { DATA_START, simulate, type Simulation } from './simulate.ts'
import { Timeline } from './timeline.ts'
import { writeEventsCsvGz } from './write-events.ts'

let lines: RetailLine[] = []
let sim: Simulation

function csvHash(s: Simulation): string {
  const h = createHash('sha256')
  for (const p of s.profiles) for (const e of p.events) h.update(`${toCsvLine(e)}\n`)
  return h.digest('hex')
}

beforeAll(async () => {
  lines = (await readRetailLines(DEFAULT_DATA)).lines
  sim = simulate(lines)
}, 120_000)

describe('simulated shop events around the real Online Retail purchases', () => {
  it('is deterministic: same seed, same events; another seed, other events', () => {
    expect(csvHash(simulate(lines))).toBe(csvHash(sim))
    expect(csvHash(simulate(lines, { seed: 7 }))).not.toBe(csvHash(sim))
  }, 60_000)

  it('keeps every real purchase and return of the sampled customers exactly: item, value, time', () => {
    const ids = new Set(sim.customers.map((c) => c.id))
    const real = lines.filter((l) => ids.has(l.customerId))
    const key = (type: string, t: number, item: string, value: number): string => `${type}|${t}|${item}|${value}`
    const expected = real.map((l) => key(isReturnLine(l) ? 'return' : 'purchase', l.timestamp, l.stockCode, pence(l.quantity * l.unitPrice))).sort()
    const got = sim.profiles.flatMap((p) => p.events.filter((e) => e.type === 'purchase' || e.type === 'return')
      .map((e) => key(e.type, e.timestamp, e.item ?? '', e.value ?? NaN))).sort()
    expect(got).toEqual(expected)
    const revenue = (xs: readonly RetailLine[]): number => xs.reduce((s, l) => s + (isReturnLine(l) ? 0 : l.quantity * l.unitPrice), 0)
    const simulated = sim.profiles.flatMap((p) => p.events).reduce((s, e) => s + (e.type === 'purchase' ? e.value! : 0), 0)
    expect(simulated).toBeCloseTo(revenue(real), 0)
    // anonymous visitors never buy
    expect(sim.profiles.filter((p) => !p.known).every((p) => p.events.every((e) => e.type !== 'purchase' && e.type !== 'return'))).toBe(true)
  })

  it('precedes each order with views, an add to cart per product line and a checkout, between the previous order and it', () => {
    for (const c of sim.customers.slice(0, 60)) {
      const events = sim.profiles.find((p) => p.id === c.id)!.events
      let previous = DATA_START
      for (const order of c.orders) {
        const session = events.filter((e) => e.timestamp >= previous && e.timestamp < order.time && e.type !== 'return')
        const carted = new Set(session.filter((e) => e.type === 'addToCart').map((e) => e.item))
        for (const l of order.lines.filter((x) => isProduct(x.stockCode))) {
          expect(carted.has(l.stockCode)).toBe(true)
          expect(session.some((e) => e.type === 'productView' && e.item === l.stockCode)).toBe(true)
        }
        if (order.lines.some((l) => isProduct(l.stockCode))) expect(session.some((e) => e.type === 'checkout')).toBe(true)
        previous = order.lines.reduce((m, l) => Math.max(m, l.timestamp), 0)
      }
    }
  })

  it('puts every event between 2010-12-01 and the end of the data, simulated ones strictly before the end', () => {
    const outside: string[] = []
    let unordered = 0
    for (const p of sim.profiles) {
      p.events.forEach((e, i) => {
        const real = e.type === 'purchase' || e.type === 'return'
        if (e.timestamp < DATA_START || e.timestamp > sim.end || (!real && e.timestamp === sim.end)) outside.push(toCsvLine(e))
        if (i > 0 && p.events[i - 1]!.timestamp > e.timestamp) unordered++
      })
    }
    expect(outside).toEqual([])
    expect(unordered).toBe(0)
    expect(sim.end).toBe(Date.parse('2011-12-09T12:50:00Z'))
  })

  it('realises the public e-commerce averages it is built on (measured from the events alone)', () => {
    const r = realisedRates(sim.profiles.map((p) => p.events))
    expect(r.conversionRate).toBeGreaterThan(0.02)
    expect(r.conversionRate).toBeLessThan(0.03)
    expect(Math.abs(r.conversionRate - CONVERSION_RATE)).toBeLessThan(0.002)
    expect(r.addToCartRate).toBeGreaterThan(0.085)
    expect(r.addToCartRate).toBeLessThan(0.095)
    expect(r.abandonmentRate).toBeGreaterThan(0.68)
    expect(r.abandonmentRate).toBeLessThan(0.72)
    expect(r.viewsPerBrowse).toBeGreaterThanOrEqual(4)
    expect(r.viewsPerBrowse).toBeLessThanOrEqual(5)
    // small enough for `pnpm start`: about half a million events
    expect(r.events).toBeGreaterThan(300_000)
    expect(r.events).toBeLessThan(1_500_000)
    expect(sim.plan.dropped).toBe(0)
  })

  it('writes a gzipped canonical CSV with one line per event', async () => {
    const small = { ...sim, profiles: sim.profiles.slice(0, 50) }
    const file = join(mkdtempSync(join(tmpdir(), 'auspex-sim-')), 'events.csv.gz')
    await writeEventsCsvGz(small.profiles, file)
    const text = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n')
    expect(text[0]).toBe('profileId,timestamp,type,value,item')
    expect(text.slice(1)).toEqual(small.profiles.flatMap((p) => p.events.map(toCsvLine)))
    expect(text[1]).toMatch(/^\d{5},2\d{3}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z,[a-zA-Z]+,[-\d.]*,[A-Z0-9]*$/)
  })
})

describe('simulator parts', () => {
  it('the generator repeats for a seed and stays in range', () => {
    const a = createPrng(42)
    const b = createPrng(42)
    const xs = Array.from({ length: 1000 }, () => a.next())
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs)
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true)
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.05)
    const ints = Array.from({ length: 1000 }, () => a.int(3, 6))
    expect(new Set(ints)).toEqual(new Set([3, 4, 5, 6]))
  })

  it('a timeline keeps new sessions more than the session gap away from taken ones', () => {
    const t = new Timeline()
    const min = 60_000
    t.add(100 * min, 110 * min)
    t.add(105 * min, 120 * min) // overlapping spans merge
    expect(t.isFree(50 * min, 60 * min)).toBe(true)
    expect(t.isFree(80 * min, 85 * min)).toBe(false) // 15 min before
    expect(t.isFree(125 * min, 130 * min)).toBe(false) // 5 min after the merged span
    expect(t.isFree(200 * min, 210 * min)).toBe(true)
  })
})
