/**
 * The simulator: browsing sessions around the real Online Retail purchases. Each real order of a sampled
 * customer gets a session that views and carts its items just before it; the customers also browse and
 * abandon carts between orders; anonymous visitors browse and never buy. Counts follow the rates in
 * `rates.ts`; every draw comes from one seeded generator, so a seed and a source give one output.
 */
import { lineTotal, type RetailLine } from '../retail-rows.ts'
import { groupCustomers, sampleCustomers, type RealCustomer } from './orders.ts'
import { createPrng, type Prng } from './prng.ts'
import {
  ADD_TO_CART_RATE, ANONYMOUS_EXTRA_VISITS_MEAN, CONVERSION_RATE, CUSTOMER_SAMPLE_SHARE, CUSTOMER_SESSION_CONVERSION,
  DEFAULT_SEED, PRE_ORDER_RESEARCH_SHARE,
} from './rates.ts'
import { realisedRates } from './realised.ts'
import { browseSession, orderSession, productPool, type ProductPool } from './sessions.ts'
import type { SimEvent } from './sim-event.ts'
import { Timeline } from './timeline.ts'

const DAY = 86_400_000
/** The first moment of the data: no simulated event is earlier. */
export const DATA_START = Date.UTC(2010, 11, 1)

export interface SimulationOptions {
  seed?: number
  /** share of identified customers simulated (default {@link CUSTOMER_SAMPLE_SHARE}) */
  share?: number
}

/** A simulated profile: a real customer (real purchases and returns, simulated browsing) or an anonymous visitor. */
export interface SimProfile {
  id: string
  known: boolean
  /** in time order */
  events: SimEvent[]
}

export interface Simulation {
  profiles: SimProfile[]
  /** the real customers simulated */
  customers: RealCustomer[]
  /** the latest real event: no simulated event is at or after it */
  end: number
  /** what the plan asked for; the realised rates are measured from the events with `realisedRates` */
  plan: SimulationPlan
}

/** The session counts the simulator aimed at (`dropped`: customer sessions that found no free time). */
export interface SimulationPlan {
  sessions: number
  converting: number
  carted: number
  knownBrowse: number
  anonymousBrowse: number
  dropped: number
}

interface Placement { rng: Prng; pool: ProductPool; end: number; pAbandon: number }

/**
 * The day of `t` at the time of day of a real order line (plus up to an hour), whole seconds: visits follow the
 * shop's real daily rhythm instead of spreading evenly over the night.
 */
function daytime(t: number, p: Placement): number {
  const clock = p.rng.pick(p.pool).timestamp % DAY + p.rng.next() * 3_600_000
  return wholeSecond(t - (t % DAY) + clock)
}

function wholeSecond(t: number): number {
  return Math.round(t / 1000) * 1000
}

/** Places up to `count` browsing sessions of a known customer in free time; returns how many fitted. */
function placeCustomerBrowsing(
  c: RealCustomer, p: Placement, timeline: Timeline, events: SimEvent[], count: number,
): number {
  const first = Math.min(c.orders[0]?.time ?? Infinity, c.returns[0]?.timestamp ?? Infinity)
  const last = Math.max(c.orders[c.orders.length - 1]?.time ?? 0, first)
  const from = Math.max(DATA_START, first - 30 * DAY)
  const to = Math.min(p.end, last + 60 * DAY)
  let placed = 0
  for (let n = 0; n < count; n++) {
    const cart = p.rng.chance(p.pAbandon)
    for (let attempt = 0; attempt < 25; attempt++) {
      // half of the visits research an upcoming order (days before it), the rest fall anywhere in the customer's span
      const start = c.orders.length > 0 && p.rng.chance(PRE_ORDER_RESEARCH_SHARE)
        ? p.rng.pick(c.orders).time - 3_600_000 - p.rng.exponential(2 * DAY)
        : daytime(from + p.rng.next() * (to - from), p)
      if (start < DATA_START) continue
      const session = browseSession(c.id, wholeSecond(start), cart, p.rng, p.pool)
      const stop = session[session.length - 1]!.timestamp
      if (stop >= p.end || !timeline.isFree(session[0]!.timestamp, stop)) continue
      timeline.add(session[0]!.timestamp, stop)
      events.push(...session)
      placed++
      break
    }
  }
  return placed
}

/** A real customer's orders and returns, each order with its session; returns how many converting sessions it has. */
function customerOrders(c: RealCustomer, p: Placement, timeline: Timeline): SimEvent[] {
  const events: SimEvent[] = []
  let previousEnd = DATA_START
  for (const order of c.orders) {
    const session = orderSession(c.id, order, Math.max(DATA_START, previousEnd + 1000), p.rng, p.pool)
    const orderEnd = order.lines.reduce((m, l) => Math.max(m, l.timestamp), 0)
    timeline.add(session[0]!.timestamp, orderEnd)
    events.push(...session)
    previousEnd = orderEnd
  }
  for (const l of c.returns) events.push({ profileId: c.id, timestamp: l.timestamp, type: 'return', value: lineTotal(l), item: l.stockCode })
  return events
}

/** Simulates the demo shop's events from Online Retail lines (see the module comment). */
export function simulate(lines: readonly RetailLine[], options: SimulationOptions = {}): Simulation {
  const rng = createPrng(options.seed ?? DEFAULT_SEED)
  const customers = sampleCustomers(groupCustomers(lines), options.share ?? CUSTOMER_SAMPLE_SHARE, rng)
  const pool = productPool(lines)
  const end = lines.reduce((m, l) => Math.max(m, l.timestamp), 0)
  const placement: Placement = { rng, pool, end, pAbandon: 0 }

  const timelines = customers.map(() => new Timeline())
  const known = customers.map((c, i) => customerOrders(c, placement, timelines[i]!))
  const convertingOf = known.map((events) => realisedRates([events]).converting)
  const converting = convertingOf.reduce((s, n) => s + n, 0)
  const sessions = Math.round(converting / CONVERSION_RATE)
  const carted = Math.round(ADD_TO_CART_RATE * sessions)
  placement.pAbandon = (carted - converting) / (sessions - converting)

  let knownBrowse = 0
  let dropped = 0
  customers.forEach((c, i) => {
    const wanted = Math.round(convertingOf[i]! * (1 / CUSTOMER_SESSION_CONVERSION - 1))
    const placed = placeCustomerBrowsing(c, placement, timelines[i]!, known[i]!, wanted)
    knownBrowse += placed
    dropped += wanted - placed
  })
  const profiles: SimProfile[] = customers.map((c, i) => ({ id: c.id, known: true, events: known[i]! }))
  const anonymousBrowse = sessions - converting - knownBrowse
  profiles.push(...anonymousVisitors(anonymousBrowse, placement))
  for (const p of profiles) p.events.sort((a, b) => a.timestamp - b.timestamp)
  return { profiles, customers, end, plan: { sessions, converting, carted, knownBrowse, anonymousBrowse, dropped } }
}

/** Anonymous visitors who never buy: `count` sessions in all, 1 + a geometric number of visits each. */
function anonymousVisitors(count: number, p: Placement): SimProfile[] {
  const out: SimProfile[] = []
  const pMore = ANONYMOUS_EXTRA_VISITS_MEAN / (1 + ANONYMOUS_EXTRA_VISITS_MEAN)
  let left = count
  while (left > 0) {
    const id = `v${String(out.length + 1).padStart(6, '0')}`
    const events: SimEvent[] = []
    let start = daytime(DATA_START + p.rng.next() * (p.end - DATA_START - DAY), p)
    do {
      const session = browseSession(id, wholeSecond(start), p.rng.chance(p.pAbandon), p.rng, p.pool)
      const stop = session[session.length - 1]!.timestamp
      if (stop >= p.end) break
      events.push(...session)
      left--
      start = stop + 2 * 3_600_000 + p.rng.exponential(7 * DAY)
    } while (left > 0 && p.rng.chance(pMore))
    if (events.length > 0) out.push({ id, known: false, events })
  }
  return out
}
