/**
 * The rates a simulated file actually has, measured from its events alone (not from the simulator's plan):
 * each profile's events split into visits at gaps over 30 minutes, as core and web analytics do.
 */
import { SESSION_GAP_MS } from './rates.ts'
import type { SimEvent } from './sim-event.ts'

export interface RealisedRates {
  profiles: number
  events: number
  /** visits with at least one browsing event (view, search, cart, checkout); back-office-only visits are not sessions */
  sessions: number
  /** sessions with a purchase */
  converting: number
  /** sessions with an add to cart */
  carted: number
  /** sessions with an add to cart and no purchase (some of them are paid in a later visit) */
  abandoned: number
  conversionRate: number
  addToCartRate: number
  /**
   * 1 − orders / carts (converting sessions / carted sessions), the usual definition of cart abandonment: a cart
   * filled in one visit and paid in a later one counts as one cart and one order, not as an abandoned cart
   */
  abandonmentRate: number
  /** mean product views in sessions without a purchase */
  viewsPerBrowse: number
  byType: Record<string, number>
}

const BROWSING = new Set(['pageView', 'search', 'productView', 'addToCart', 'removeFromCart', 'checkout'])

interface Visit { browsing: boolean; purchase: boolean; cart: boolean; views: number }

function visits(events: readonly SimEvent[]): Visit[] {
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp)
  const out: Visit[] = []
  let current: Visit | null = null
  let last = -Infinity
  for (const e of sorted) {
    if (!current || e.timestamp - last > SESSION_GAP_MS) {
      current = { browsing: false, purchase: false, cart: false, views: 0 }
      out.push(current)
    }
    last = e.timestamp
    if (BROWSING.has(e.type)) current.browsing = true
    if (e.type === 'purchase') current.purchase = true
    if (e.type === 'addToCart') current.cart = true
    if (e.type === 'productView') current.views++
  }
  return out
}

/** Measures sessions and rates over profiles' events (one array per profile). */
export function realisedRates(profiles: Iterable<readonly SimEvent[]>): RealisedRates {
  const r = { profiles: 0, events: 0, sessions: 0, converting: 0, carted: 0, abandoned: 0 }
  const byType: Record<string, number> = {}
  let browseViews = 0
  for (const events of profiles) {
    r.profiles++
    r.events += events.length
    for (const e of events) byType[e.type] = (byType[e.type] ?? 0) + 1
    for (const v of visits(events)) {
      if (!v.browsing) continue
      r.sessions++
      if (v.purchase) r.converting++
      else browseViews += v.views
      if (v.cart) r.carted++
      if (v.cart && !v.purchase) r.abandoned++
    }
  }
  const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b)
  return {
    ...r,
    conversionRate: ratio(r.converting, r.sessions),
    addToCartRate: ratio(r.carted, r.sessions),
    abandonmentRate: r.carted === 0 ? 0 : 1 - r.converting / r.carted,
    viewsPerBrowse: ratio(browseViews, r.sessions - r.converting),
    byType,
  }
}

/** One line per figure, for the generator's output. */
export function formatRates(r: RealisedRates): string {
  const pct = (x: number): string => `${(100 * x).toFixed(2)} %`
  return [
    `${r.events.toLocaleString('en')} events of ${r.profiles.toLocaleString('en')} profiles; ${r.sessions.toLocaleString('en')} sessions`,
    `conversion ${pct(r.conversionRate)}, add to cart ${pct(r.addToCartRate)}, cart abandonment ${pct(r.abandonmentRate)}, ` +
      `${r.viewsPerBrowse.toFixed(2)} product views per browsing session`,
  ].join('\n')
}
