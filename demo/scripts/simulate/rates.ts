/**
 * The simulator's rates, in one place. The first three are public e-commerce averages, cited as such: they
 * are not measured on this shop (Online Retail has no browsing data at all). The others are our own modelling
 * choices, named as assumptions. Change a rate here and the whole simulated file follows it.
 */

/**
 * Share of sessions with at least one add-to-cart: about 9 %, a commonly reported industry average
 * for e-commerce sites (industry benchmark reports put it at roughly 8–10 %).
 */
export const ADD_TO_CART_RATE = 0.09

/**
 * Share of carts that end without an order: 70.19 %, Baymard Institute's average of 49 studies of
 * online shopping-cart abandonment.
 */
export const CART_ABANDONMENT_RATE = 0.7019

/**
 * Share of sessions that end with an order, derived from the two rates above (9 % × 29.81 % ≈ 2.68 %) so the
 * three stay consistent; it falls inside the commonly reported 2–3 % e-commerce conversion rate.
 */
export const CONVERSION_RATE = ADD_TO_CART_RATE * (1 - CART_ABANDONMENT_RATE)

/** Product views in a browsing session: 3–6 (uniform), the range commonly reported for e-commerce sessions. */
export const PRODUCT_VIEWS_PER_BROWSE = { min: 3, max: 6 } as const

/**
 * Assumption: a known customer converts in 8 % of their own sessions (returning customers convert several
 * times more often than visitors at large); anonymous visitors who never buy make up the remaining sessions,
 * so that the overall conversion rate is {@link CONVERSION_RATE}.
 */
export const CUSTOMER_SESSION_CONVERSION = 0.04

/** Assumption: sessions per anonymous visitor, 1 + a geometric number with this mean of further visits. */
export const ANONYMOUS_EXTRA_VISITS_MEAN = 0.6

/** Assumption: the share of a known customer's browsing sessions that fall in the week before one of their orders. */
export const PRE_ORDER_RESEARCH_SHARE = 0.5

/** Assumption: shares of abandoned-cart sessions that remove an item, and that reach checkout before leaving. */
export const ABANDONED_REMOVES_SHARE = 0.25
export const ABANDONED_CHECKOUT_SHARE = 0.3

/** Assumption: the share of sessions that use the shop's search once. */
export const SEARCH_SHARE = 0.3

/** Assumption: the seconds between two events of a session (uniform), e.g. reading a product page. */
export const DWELL_SECONDS = { min: 15, max: 120 } as const

/** A visit ends after 30 minutes without an event (the common web-analytics session timeout, and core's). */
export const SESSION_GAP_MS = 30 * 60_000

/**
 * The share of Online Retail's identified customers simulated (a seeded sample): 10 % makes ~0.5 M events,
 * which keeps a clean `pnpm start` (generate, then train three models) well under 2 minutes. At the rates above a
 * real order brings ~36 more sessions, so events grow ~1,150 per sampled customer.
 */
export const CUSTOMER_SAMPLE_SHARE = 0.1

/** The simulator's default seed: same seed and same source file, same output byte for byte. */
export const DEFAULT_SEED = 20111209
