/**
 * A visit without an order: a landing page and 3–6 product views, and in a share of visits an abandoned cart.
 * Anonymous visitors, future customers before their first order and customers between orders all browse this way.
 */
import { isProduct, lineTotal, type RetailLine } from '../retail-rows.ts'
import type { Prng } from './prng.ts'
import { ABANDONED_CHECKOUT_SHARE, ABANDONED_REMOVES_SHARE, PRODUCT_VIEWS_PER_BROWSE } from './rates.ts'
import type { SimEvent } from './sim-event.ts'
import { cartTotal, landing, placeFrom, view, type Step } from './steps.ts'

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
  return placeFrom(profileId, steps, start, rng)
}
