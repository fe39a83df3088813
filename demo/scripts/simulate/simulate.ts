/**
 * The simulator: browsing around the real Online Retail purchases. A sampled customer visits as any visitor does
 * before their first order; each real order comes with its visit (sometimes after an earlier visit that carted or
 * viewed its products); customers browse and abandon carts from their first order until they lapse; anonymous
 * visitors, drawn like customers before their first order, browse and never buy. Counts follow the rates in
 * `rates.ts`; every draw comes from one seeded generator, so a seed and a source give one output.
 */
import type { RetailLine } from '../retail-rows.ts'
import { customerOrders, placeCustomerBrowsing, placeProspectVisits } from './customer.ts'
import { groupCustomers, sampleCustomers, type RealCustomer } from './orders.ts'
import { DATA_START, type Placement } from './placement.ts'
import { createPrng } from './prng.ts'
import { ADD_TO_CART_RATE, CONVERSION_RATE, CUSTOMER_SAMPLE_SHARE, CUSTOMER_SESSION_CONVERSION, DEFAULT_SEED } from './rates.ts'
import { realisedRates } from './realised.ts'
import { productPool } from './sessions.ts'
import { Timeline } from './timeline.ts'
import { anonymousVisitors, type SimProfile } from './visitors.ts'

export { DATA_START }
export type { SimProfile }

export interface SimulationOptions {
  seed?: number
  /** share of identified customers simulated (default {@link CUSTOMER_SAMPLE_SHARE}) */
  share?: number
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
  /** customers' visits before their first order */
  prospectBrowse: number
  /** customers' browsing visits from their first order on */
  knownBrowse: number
  anonymousBrowse: number
  dropped: number
}

/** Simulates the demo shop's events from Online Retail lines (see the module comment). */
export function simulate(lines: readonly RetailLine[], options: SimulationOptions = {}): Simulation {
  const rng = createPrng(options.seed ?? DEFAULT_SEED)
  const customers = sampleCustomers(groupCustomers(lines), options.share ?? CUSTOMER_SAMPLE_SHARE, rng)
  const end = lines.reduce((m, l) => Math.max(m, l.timestamp), 0)
  const placement: Placement = { rng, pool: productPool(lines), end, pAbandon: 0 }

  const timelines = customers.map(() => new Timeline())
  const orders = customers.map((c, i) => customerOrders(c, placement, timelines[i]!))
  const known = orders.map((o) => o.events)
  const ordered = realisedRates(known)
  const sessions = Math.round(ordered.converting / CONVERSION_RATE)
  const carted = Math.round(ADD_TO_CART_RATE * sessions)
  // the orders' own visits already hold some of the carts; browsing visits make up the rest
  placement.pAbandon = (carted - ordered.carted) / (sessions - ordered.sessions)

  let prospectBrowse = 0
  let knownBrowse = 0
  let dropped = 0
  customers.forEach((c, i) => {
    prospectBrowse += placeProspectVisits(c, placement, timelines[i]!, known[i]!)
    const converting = realisedRates([orders[i]!.events]).converting
    const wanted = Math.max(0, Math.round(converting * (1 / CUSTOMER_SESSION_CONVERSION - 1)) - orders[i]!.earlierVisits)
    const placed = placeCustomerBrowsing(c, placement, timelines[i]!, known[i]!, wanted)
    knownBrowse += placed
    dropped += wanted - placed
  })
  const profiles: SimProfile[] = customers.map((c, i) => ({ id: c.id, known: true, events: known[i]! }))
  const anonymousBrowse = sessions - ordered.sessions - prospectBrowse - knownBrowse
  profiles.push(...anonymousVisitors(anonymousBrowse, placement))
  for (const p of profiles) p.events.sort((a, b) => a.timestamp - b.timestamp)
  const plan = { sessions, converting: ordered.converting, carted, prospectBrowse, knownBrowse, anonymousBrowse, dropped }
  return { profiles, customers, end, plan }
}
