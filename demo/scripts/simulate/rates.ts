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
 * online shopping-cart abandonment (1 − orders / carts; a cart paid in a later visit is not abandoned).
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
 * Assumption: a customer converts in 10 % of their sessions from their first order on (returning customers convert
 * several times more often than visitors at large); visitors who have not bought make up the remaining sessions,
 * so that the overall conversion rate is {@link CONVERSION_RATE}.
 */
export const CUSTOMER_SESSION_CONVERSION = 0.1

/**
 * Assumption: visits per visitor who has not bought (yet): 1 + a geometric number with this mean of further
 * visits. Anonymous visitors who never buy and future customers before their first order are drawn alike, so
 * browsing before a first order does not by itself tell a future buyer from a visitor who never buys.
 */
export const VISITOR_EXTRA_VISITS_MEAN = 0.8

/** Assumption: the time between two visits of a visitor who has not bought: 2 hours + an exponential, mean 7 days. */
export const VISIT_GAP = { minMs: 2 * 3_600_000, meanMs: 7 * 86_400_000 } as const

/**
 * Assumption: how orders come about. Most are carted and paid in one visit; in `cartEarlier` the cart is filled
 * in one visit and paid in a later one (the cart used as a wish list: "just browsing / not ready to buy" is the
 * reason most often given for leaving a cart in Baymard Institute's abandonment survey); in `viewedEarlier` the
 * products are looked at in a views-only visit and bought in a later, quick one. Shares are our choice.
 */
export const ORDER_PATH_SHARES = { cartEarlier: 0.25, viewedEarlier: 0.15 } as const

/** Assumption: the earlier visit of a two-visit order comes 1 hour + an exponential with mean 2 days before it. */
export const RETURN_TO_ORDER = { minMs: 3_600_000, meanMs: 2 * 86_400_000 } as const

/** Assumption: the share of a customer's browsing sessions that fall in the days before one of their repeat orders. */
export const PRE_ORDER_RESEARCH_SHARE = 0.5

/**
 * Assumption: a customer keeps visiting for a while after their last order: an exponential span with a mean of
 * 90 days (then they have lapsed), so lapsed customers still browse now and then without buying.
 */
export const AFTER_LAST_ORDER_MEAN_MS = 90 * 86_400_000

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
 * real order brings ~36 sessions in all (its own, the customer's others and visitors' who never buy).
 */
export const CUSTOMER_SAMPLE_SHARE = 0.1

/** The simulator's default seed: same seed and same source file, same output byte for byte. */
export const DEFAULT_SEED = 20111209
