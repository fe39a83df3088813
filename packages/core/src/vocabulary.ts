/**
 * One event vocabulary, end to end: canonical event types with roles, and the names other tools give them.
 *
 * The trainer (ingest and goals), core (features), the SDK and the edge all translate through
 * {@link canonicalType}, so `add_to_cart` (GA4), `Product Added` (Segment) and `commerce.productListAdds`
 * (Adobe XDM) are one type, `addToCart`, everywhere. A name with no alias keeps its own name: a custom type.
 */

/** What an event type means for features: views and carts count, purchases and returns also carry money. */
export type EventRole = 'view' | 'cart' | 'checkout' | 'purchase' | 'return' | 'engagement' | 'custom'

/** The canonical event types and their roles. */
export const CANONICAL_TYPES = {
  pageView: 'view',
  productView: 'view',
  search: 'view',
  addToCart: 'cart',
  removeFromCart: 'cart',
  checkout: 'checkout',
  purchase: 'purchase',
  return: 'return',
} as const satisfies Record<string, EventRole>

export type CanonicalType = keyof typeof CANONICAL_TYPES

/** GA4 event names (BigQuery export `event_name`) and the canonical types they are. */
export const GA4_EVENT_NAMES: Readonly<Record<string, CanonicalType>> = {
  page_view: 'pageView',
  view_item: 'productView',
  search: 'search',
  view_search_results: 'search',
  add_to_cart: 'addToCart',
  remove_from_cart: 'removeFromCart',
  begin_checkout: 'checkout',
  purchase: 'purchase',
  refund: 'return',
}

/** Segment e-commerce spec track-call names (`event`) and the canonical types they are. */
export const SEGMENT_EVENT_NAMES: Readonly<Record<string, CanonicalType>> = {
  'Page Viewed': 'pageView',
  'Product Viewed': 'productView',
  'Products Searched': 'search',
  'Product Added': 'addToCart',
  'Product Removed': 'removeFromCart',
  'Checkout Started': 'checkout',
  'Order Completed': 'purchase',
  'Order Refunded': 'return',
}

/** Adobe XDM `eventType` values and the canonical types they are. */
export const XDM_EVENT_NAMES: Readonly<Record<string, CanonicalType>> = {
  'web.webpagedetails.pageViews': 'pageView',
  'commerce.productViews': 'productView',
  'commerce.productListAdds': 'addToCart',
  'commerce.productListRemovals': 'removeFromCart',
  'commerce.checkouts': 'checkout',
  'commerce.purchases': 'purchase',
}

const ALIASES: ReadonlyMap<string, CanonicalType> = new Map<string, CanonicalType>([
  ...Object.entries(GA4_EVENT_NAMES),
  ...Object.entries(SEGMENT_EVENT_NAMES),
  ...Object.entries(XDM_EVENT_NAMES),
  // common spellings of the canonical names themselves
  ['page_view', 'pageView'], ['pageview', 'pageView'], ['product_view', 'productView'], ['add_to_cart', 'addToCart'],
  ['remove_from_cart', 'removeFromCart'], ['refund', 'return'],
])

/** The canonical type of an event type name: an alias (GA4, Segment, XDM) becomes its canonical type, any other name stays as it is. */
export function canonicalType(name: string): string {
  if (Object.hasOwn(CANONICAL_TYPES, name)) return name
  return ALIASES.get(name) ?? name
}

/** The role of a (canonical) event type; names that are not canonical are `custom`. */
export function roleOf(type: string): EventRole {
  return Object.hasOwn(CANONICAL_TYPES, type) ? CANONICAL_TYPES[type as CanonicalType] : 'custom'
}

/**
 * How an event of this type moves money: +1 for a purchase (its value is revenue), −1 for a return (its value,
 * whatever its sign in the export, is revenue given back), 0 for every other type (its value is not money the
 * customer spent: the price of a viewed or carted item).
 */
export function monetarySign(type: string): -1 | 0 | 1 {
  const role = roleOf(type)
  return role === 'purchase' ? 1 : role === 'return' ? -1 : 0
}

/** Every name {@link canonicalType} maps to `type`, the canonical name first (for messages and docs). */
export function aliasesOf(type: string): string[] {
  const out = [type]
  for (const [alias, canonical] of ALIASES) if (canonical === type && !out.includes(alias)) out.push(alias)
  return out
}
