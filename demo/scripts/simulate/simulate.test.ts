import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_DATA, readRetailLines } from '../generate-data.ts'
import { isProduct, type RetailLine } from '../retail-rows.ts'
import { isReturnLine, type RealCustomer } from './orders.ts'
import { createPrng } from './prng.ts'
import { CONVERSION_RATE, SESSION_GAP_MS } from './rates.ts'
import { realisedRates } from './realised.ts'
import { pence, toCsvLine, type SimEvent } from './sim-event.ts'
import { DATA_START, simulate, type Simulation } from './simulate.ts'
import { Timeline } from './timeline.ts'
import { writeEventsCsvGz } from './write-events.ts'

const DAY = 86_400_000
let lines: RetailLine[] = []

/** A profile's events (in time order) split into visits at gaps over the session gap. */
function splitVisits(events: readonly SimEvent[]): SimEvent[][] {
  const out: SimEvent[][] = []
  for (const [i, e] of events.entries()) {
    if (i === 0 || e.timestamp - events[i - 1]!.timestamp > SESSION_GAP_MS) out.push([])
    out[out.length - 1]!.push(e)
  }
  return out
}
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

  it('precedes each order with a view of its products, an add to cart per product line and a checkout, since the previous order', () => {
    for (const c of sim.customers.slice(0, 60)) {
      const events = sim.profiles.find((p) => p.id === c.id)!.events
      let previous = DATA_START
      for (const order of c.orders) {
        const since = events.filter((e) => e.timestamp >= previous && e.timestamp < order.time && e.type !== 'return')
        const carted = new Set(since.filter((e) => e.type === 'addToCart').map((e) => e.item))
        const products = order.lines.filter((x) => isProduct(x.stockCode))
        for (const l of products) expect(carted.has(l.stockCode)).toBe(true)
        if (products.length > 0) {
          expect(since.some((e) => e.type === 'productView' && products.some((l) => l.stockCode === e.item))).toBe(true)
          expect(since.some((e) => e.type === 'checkout')).toBe(true)
        }
        previous = order.lines.reduce((m, l) => Math.max(m, l.timestamp), 0)
      }
    }
  })

  it('lets a real customer visit before their first order in most cases, as a visitor who has not bought', () => {
    const firstAfter = (c: RealCustomer): boolean => (c.orders[0]?.time ?? 0) > DATA_START + 30 * DAY
    const preceded = (c: RealCustomer): boolean => {
      const first = c.orders[0]!.time
      const events = sim.profiles.find((p) => p.id === c.id)!.events.filter((e) => e.timestamp < first)
      // a visit of its own: browsing more than the session gap before the first order's visit starts
      const visits = splitVisits(events)
      return visits.length >= 2 || (visits.length === 1 && !visits[0]!.some((e) => e.timestamp > first - SESSION_GAP_MS))
    }
    const withOrders = sim.customers.filter((c) => c.orders.length > 0)
    const later = withOrders.filter(firstAfter)
    expect(later.length).toBeGreaterThan(200)
    expect(later.filter(preceded).length / later.length).toBeGreaterThan(0.95)
    // customers whose first order is in the data's first days had their earlier visits before the data
    expect(withOrders.filter(preceded).length / withOrders.length).toBeGreaterThan(0.7)
  })

  it('has orders paid in a later visit than their cart, with no add to cart in the paying visit', () => {
    let orders = 0
    let withoutCart = 0
    for (const c of sim.customers) {
      const events = sim.profiles.find((p) => p.id === c.id)!.events
      for (const order of c.orders.filter((o) => o.lines.some((l) => isProduct(l.stockCode)))) {
        const visit = splitVisits(events).find((v) => v.some((e) => e.type === 'purchase' && e.timestamp === order.time))!
        orders++
        if (!visit.some((e) => e.type === 'addToCart')) withoutCart++
      }
    }
    expect(withoutCart / orders).toBeGreaterThan(0.1)
    expect(withoutCart / orders).toBeLessThan(0.4)
  })

  it('draws anonymous visitors like customers before their first order: visits, views, carts', () => {
    const anonymous = sim.profiles.filter((p) => !p.known).map((p) => splitVisits(p.events))
    // a customer's visits before the first order, less the first order's own earlier visit (it views that order's products)
    const prospects = sim.customers.filter((c) => (c.orders[0]?.time ?? 0) > DATA_START + 60 * DAY).map((c) => {
      const first = c.orders[0]!
      const ordered = new Set(first.lines.map((l) => l.stockCode))
      const events = sim.profiles.find((p) => p.id === c.id)!.events.filter((e) => e.timestamp < first.time - SESSION_GAP_MS)
      return splitVisits(events).filter((v) => {
        const views = v.filter((e) => e.type === 'productView')
        return views.filter((e) => ordered.has(e.item ?? '')).length * 2 <= views.length
      })
    }).filter((v) => v.length > 0)
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length
    const views = (vs: SimEvent[][][]): number => mean(vs.flat().map((v) => v.filter((e) => e.type === 'productView').length))
    const carts = (vs: SimEvent[][][]): number => mean(vs.flat().map((v) => (v.some((e) => e.type === 'addToCart') ? 1 : 0)))
    expect(Math.abs(mean(anonymous.map((v) => v.length)) - mean(prospects.map((v) => v.length)))).toBeLessThan(0.6)
    expect(Math.abs(views(anonymous) - views(prospects))).toBeLessThan(0.75)
    expect(Math.abs(carts(anonymous) - carts(prospects))).toBeLessThan(0.06)
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
    // a customer's browsing finds free time but for a handful of visits (a first order days before the data's end)
    expect(sim.plan.dropped).toBeLessThan(sim.plan.knownBrowse / 1000)
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
