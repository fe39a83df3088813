/**
 * A real customer's simulated life around their real orders: visits as a visitor who has not bought before the
 * first order, the visit(s) of each order, and browse-only or abandoned-cart visits from the first order until a
 * while after the last. Every visit is placed in free time of the customer's timeline, so visits stay separate.
 */
import { lineTotal } from '../retail-rows.ts'
import { drawOrderPath, earlierVisit, orderVisit, type OrderPath } from './order-visits.ts'
import type { Order, RealCustomer } from './orders.ts'
import { DATA_START, daytime, wholeSecond, type Placement } from './placement.ts'
import { AFTER_LAST_ORDER_MEAN_MS, PRE_ORDER_RESEARCH_SHARE, RETURN_TO_ORDER, SESSION_GAP_MS } from './rates.ts'
import { browseSession } from './sessions.ts'
import type { SimEvent } from './sim-event.ts'
import type { Timeline } from './timeline.ts'
import { comesBack, visitGap } from './visitors.ts'

/** A customer's orders (with their visits) and returns so far, and how many of the visits are earlier visits. */
export interface CustomerOrders { events: SimEvent[]; earlierVisits: number }

function lastLine(order: Order): number {
  return order.lines.reduce((m, l) => Math.max(m, l.timestamp), 0)
}

/** Tries to put an order's earlier visit after `notBefore` and before `visitStart` (its own visit); null when there is no room. */
function placeEarlier(
  c: RealCustomer, order: Order, path: Exclude<OrderPath, 'sameVisit'>, span: { notBefore: number; visitStart: number },
  p: Placement, timeline: Timeline,
): SimEvent[] | null {
  for (let attempt = 0; attempt < 3; attempt++) {
    const start = wholeSecond(order.time - RETURN_TO_ORDER.minMs - p.rng.exponential(RETURN_TO_ORDER.meanMs))
    if (start < span.notBefore) continue
    const visit = earlierVisit(c.id, order, path, start, p.rng, p.pool)
    const stop = visit[visit.length - 1]!.timestamp
    // a separate visit: after the previous ones and more than the session gap before the order's own
    if (timeline.isFree(start, stop) && stop + SESSION_GAP_MS + 60_000 < span.visitStart) return visit
  }
  return null
}

/** A real customer's orders, each with its visit or two (see `order-visits.ts`), and their returns. */
export function customerOrders(c: RealCustomer, p: Placement, timeline: Timeline): CustomerOrders {
  const events: SimEvent[] = []
  let earlierVisits = 0
  let previousEnd = DATA_START
  for (const order of c.orders) {
    const notBefore = Math.max(DATA_START, previousEnd + 1000)
    const path = drawOrderPath(p.rng)
    let visit = orderVisit(c.id, order, path, notBefore, p.rng, p.pool)
    const earlier = path === 'sameVisit' || visit[0]!.type === 'purchase'
      ? null : placeEarlier(c, order, path, { notBefore, visitStart: visit[0]!.timestamp }, p, timeline)
    if (earlier) {
      timeline.add(earlier[0]!.timestamp, earlier[earlier.length - 1]!.timestamp)
      events.push(...earlier)
      earlierVisits++
    } else if (path !== 'sameVisit') visit = orderVisit(c.id, order, 'sameVisit', notBefore, p.rng, p.pool)
    timeline.add(visit[0]!.timestamp, lastLine(order))
    events.push(...visit)
    previousEnd = lastLine(order)
  }
  for (const l of c.returns) events.push({ profileId: c.id, timestamp: l.timestamp, type: 'return', value: lineTotal(l), item: l.stockCode })
  return { events, earlierVisits }
}

/**
 * Visits before the first order, drawn as an anonymous visitor's are (1 + a geometric number, the same gaps),
 * backwards from the customer's first visit; none before the data starts. Returns how many were placed.
 */
export function placeProspectVisits(c: RealCustomer, p: Placement, timeline: Timeline, events: SimEvent[]): number {
  let next = timeline.first()
  if (next === undefined) return 0
  let placed = 0
  do {
    const start = wholeSecond(next - visitGap(p))
    if (start < DATA_START) break
    const visit = browseSession(c.id, start, p.rng.chance(p.pAbandon), p.rng, p.pool)
    const stop = visit[visit.length - 1]!.timestamp
    if (!timeline.isFree(start, stop)) break
    timeline.add(start, stop)
    events.push(...visit)
    placed++
    next = start
  } while (comesBack(p))
  return placed
}

/**
 * Places up to `count` browsing visits of a customer from their first order until a while after the last
 * ({@link AFTER_LAST_ORDER_MEAN_MS}); returns how many fitted.
 */
export function placeCustomerBrowsing(c: RealCustomer, p: Placement, timeline: Timeline, events: SimEvent[], count: number): number {
  const first = c.orders[0]
  if (!first) return 0
  const repeats = c.orders.slice(1)
  const from = first.time
  const to = Math.min(p.end, lastLine(c.orders[c.orders.length - 1]!) + p.rng.exponential(AFTER_LAST_ORDER_MEAN_MS))
  let placed = 0
  for (let n = 0; n < count; n++) {
    const cart = p.rng.chance(p.pAbandon)
    for (let attempt = 0; attempt < 25; attempt++) {
      // half of the visits research an upcoming repeat order (days before it), the rest fall anywhere in the span
      const start = repeats.length > 0 && p.rng.chance(PRE_ORDER_RESEARCH_SHARE)
        ? p.rng.pick(repeats).time - 3_600_000 - p.rng.exponential(2 * 86_400_000)
        : daytime(from + p.rng.next() * (to - from), p)
      if (start < from) continue
      const visit = browseSession(c.id, wholeSecond(start), cart, p.rng, p.pool)
      const stop = visit[visit.length - 1]!.timestamp
      if (stop >= p.end || !timeline.isFree(visit[0]!.timestamp, stop)) continue
      timeline.add(visit[0]!.timestamp, stop)
      events.push(...visit)
      placed++
      break
    }
  }
  return placed
}
