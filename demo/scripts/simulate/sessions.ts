/**
 * What happens inside one simulated session: the events of an order's session (real purchases at the real
 * time, simulated views and carts before them), of a browse-only session and of an abandoned-cart session.
 */
import { isProduct, lineTotal, type RetailLine } from '../retail-rows.ts'
import type { Order } from './orders.ts'
import type { Prng } from './prng.ts'
import {
  ABANDONED_CHECKOUT_SHARE, ABANDONED_REMOVES_SHARE, DWELL_SECONDS, PRODUCT_VIEWS_PER_BROWSE, SEARCH_SHARE,
} from './rates.ts'
import { pence, type SimEvent, type SimType } from './sim-event.ts'

/** Real order lines to draw browsed products from: drawing a line weighs products by how often they sell. */
export type ProductPool = readonly RetailLine[]

/** The lines of `lines` that are products bought (no fees, postage or returns): the browsing pool. */
export function productPool(lines: Iterable<RetailLine>): RetailLine[] {
  const out: RetailLine[] = []
  for (const l of lines) {
    if (isProduct(l.stockCode) && l.quantity > 0 && l.unitPrice > 0 && !l.invoice.startsWith('C')) out.push(l)
  }
  return out
}

function cartTotal(lines: readonly RetailLine[]): number {
  return pence(lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0))
}

interface Step { type: SimType; value?: number; item?: string }

function dwellMs(rng: Prng): number {
  return rng.int(DWELL_SECONDS.min, DWELL_SECONDS.max) * 1000
}

function at(profileId: string, timestamp: number, s: Step): SimEvent {
  const e: SimEvent = { profileId, timestamp, type: s.type }
  if (s.value !== undefined) e.value = s.value
  if (s.item !== undefined) e.item = s.item
  return e
}

function view(line: RetailLine): Step {
  return { type: 'productView', item: line.stockCode, value: line.unitPrice }
}

function landing(rng: Prng): Step[] {
  return rng.chance(SEARCH_SHARE) ? [{ type: 'pageView' }, { type: 'search' }] : [{ type: 'pageView' }]
}

/**
 * The session of a real order: a landing page, a view of each product ordered (plus 0–2 others), an add to
 * cart per product line (value = the line total), a checkout (value = the order total), all between
 * `notBefore` and the order's time, then the order's real lines as `purchase` events at their real times.
 * An order without product lines (fees, postage, manual entries) has no session: only its purchases.
 */
export function orderSession(profileId: string, order: Order, notBefore: number, rng: Prng, pool: ProductPool): SimEvent[] {
  const purchases = order.lines.map((l) => at(profileId, l.timestamp, { type: 'purchase', value: lineTotal(l), item: l.stockCode }))
  const products = order.lines.filter((l) => isProduct(l.stockCode))
  if (products.length === 0) return purchases
  const steps: Step[] = landing(rng)
  const seen = new Set<string>()
  const extra = rng.int(0, 2)
  const extraAt = new Set(Array.from({ length: extra }, () => rng.int(0, products.length - 1)))
  products.forEach((l, i) => {
    if (extraAt.has(i)) steps.push(view(rng.pick(pool)))
    if (!seen.has(l.stockCode)) { seen.add(l.stockCode); steps.push(view(l)) }
    steps.push({ type: 'addToCart', item: l.stockCode, value: lineTotal(l) })
  })
  steps.push({ type: 'checkout', value: cartTotal(order.lines) })
  return [...placeBefore(profileId, steps, order.time, notBefore, rng), ...purchases]
}

/**
 * Times for `steps` ending one dwell before `end`, each a dwell apart; squeezed evenly into (notBefore, end)
 * when the dwells do not fit (an order placed minutes after the previous one continues that visit).
 */
function placeBefore(profileId: string, steps: Step[], end: number, notBefore: number, rng: Prng): SimEvent[] {
  const gaps = steps.map(() => dwellMs(rng))
  const total = gaps.reduce((s, g) => s + g, 0)
  const room = end - notBefore
  const scale = total < room ? 1 : room / (total + 1000)
  let t = end
  const out: SimEvent[] = new Array(steps.length)
  for (let i = steps.length - 1; i >= 0; i--) {
    t -= gaps[i]! * scale
    // whole seconds like the real times, unless squeezed between two orders minutes apart
    out[i] = at(profileId, scale === 1 ? t : Math.round(t), steps[i]!)
  }
  return out
}

/**
 * A session without an order from `start`: a landing page, 3–6 product views; with `cart`, 1–3 of the viewed
 * products added to the cart (value = a real line's total), sometimes one removed, sometimes a checkout begun.
 */
export function browseSession(profileId: string, start: number, cart: boolean, rng: Prng, pool: ProductPool): SimEvent[] {
  const steps: Step[] = landing(rng)
  const views = rng.int(PRODUCT_VIEWS_PER_BROWSE.min, PRODUCT_VIEWS_PER_BROWSE.max)
  const viewed = Array.from({ length: views }, () => rng.pick(pool))
  for (const l of viewed) steps.push(view(l))
  if (cart) {
    const carted = viewed.slice(0, rng.int(1, 3))
    for (const l of carted) steps.push({ type: 'addToCart', item: l.stockCode, value: lineTotal(l) })
    let kept = carted
    if (carted.length > 1 && rng.chance(ABANDONED_REMOVES_SHARE)) {
      const l = carted[carted.length - 1]!
      steps.push({ type: 'removeFromCart', item: l.stockCode, value: lineTotal(l) })
      kept = carted.slice(0, -1)
    }
    if (rng.chance(ABANDONED_CHECKOUT_SHARE)) steps.push({ type: 'checkout', value: cartTotal(kept) })
  }
  let t = start
  return steps.map((s, i) => {
    if (i > 0) t += dwellMs(rng)
    return at(profileId, t, s)
  })
}
