/**
 * The visits around a real order. Not every order is carted and paid in one visit: some shoppers cart in one
 * visit and come back later to pay, others look at the products in one visit and come back to buy them
 * ({@link ORDER_PATH_SHARES}). The order's real lines are its `purchase` events, at their real times.
 */
import { isProduct, lineTotal } from '../retail-rows.ts'
import type { Order } from './orders.ts'
import type { Prng } from './prng.ts'
import { ORDER_PATH_SHARES, PRODUCT_VIEWS_PER_BROWSE } from './rates.ts'
import type { ProductPool } from './sessions.ts'
import type { SimEvent } from './sim-event.ts'
import { cartTotal, landing, placeBefore, placeFrom, purchaseAt, view, type Step } from './steps.ts'

/** How an order came about: in one visit, or after an earlier visit that carted or only viewed its products. */
export type OrderPath = 'sameVisit' | 'cartEarlier' | 'viewedEarlier'

/** Draws an order's path with the shares of {@link ORDER_PATH_SHARES}. */
export function drawOrderPath(rng: Prng): OrderPath {
  const x = rng.next()
  if (x < ORDER_PATH_SHARES.cartEarlier) return 'cartEarlier'
  if (x < ORDER_PATH_SHARES.cartEarlier + ORDER_PATH_SHARES.viewedEarlier) return 'viewedEarlier'
  return 'sameVisit'
}

function viewsAndCarts(products: Order['lines'], rng: Prng, pool: ProductPool): Step[] {
  const steps: Step[] = []
  const seen = new Set<string>()
  const extraAt = new Set(Array.from({ length: rng.int(0, 2) }, () => rng.int(0, products.length - 1)))
  products.forEach((l, i) => {
    if (extraAt.has(i)) steps.push(view(rng.pick(pool)))
    if (!seen.has(l.stockCode)) { seen.add(l.stockCode); steps.push(view(l)) }
    steps.push({ type: 'addToCart', item: l.stockCode, value: lineTotal(l) })
  })
  return steps
}

/**
 * The visit that ends with the order, all of it between `notBefore` and the order's time, then its purchases.
 * `sameVisit`: views of each product ordered (plus 0–2 others) and an add to cart per product line;
 * `viewedEarlier`: an add to cart per product line (the products were looked at before);
 * `cartEarlier`: nothing to add (the cart was filled in an earlier visit). Every path ends with a checkout
 * (value = the order total). An order without product lines (fees, postage, manual entries) has only its purchases.
 */
export function orderVisit(
  profileId: string, order: Order, path: OrderPath, notBefore: number, rng: Prng, pool: ProductPool,
): SimEvent[] {
  const purchases = order.lines.map((l) => purchaseAt(profileId, l))
  const products = order.lines.filter((l) => isProduct(l.stockCode))
  if (products.length === 0) return purchases
  const steps: Step[] = landing(rng)
  if (path === 'sameVisit') steps.push(...viewsAndCarts(products, rng, pool))
  if (path === 'viewedEarlier') {
    for (const l of products) steps.push({ type: 'addToCart', item: l.stockCode, value: lineTotal(l) })
  }
  steps.push({ type: 'checkout', value: cartTotal(order.lines) })
  return [...placeBefore(profileId, steps, order.time, notBefore, rng), ...purchases]
}

/**
 * The earlier visit of a two-visit order, from `start`: `cartEarlier` views and carts the order's products and
 * leaves; `viewedEarlier` views 3–6 products, the order's first (distinct) ones, then others from the pool.
 */
export function earlierVisit(
  profileId: string, order: Order, path: Exclude<OrderPath, 'sameVisit'>, start: number, rng: Prng, pool: ProductPool,
): SimEvent[] {
  const products = order.lines.filter((l) => isProduct(l.stockCode))
  const steps: Step[] = landing(rng)
  if (path === 'cartEarlier') steps.push(...viewsAndCarts(products, rng, pool))
  else {
    const distinct = [...new Map(products.map((l) => [l.stockCode, l])).values()]
    const views = rng.int(PRODUCT_VIEWS_PER_BROWSE.min, PRODUCT_VIEWS_PER_BROWSE.max)
    for (let i = 0; i < views; i++) steps.push(view(distinct[i] ?? rng.pick(pool)))
  }
  return placeFrom(profileId, steps, start, rng)
}
