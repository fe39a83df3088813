/** The plain statement of what is real and what is simulated, for the README, the report and the models page. */
import { ADD_TO_CART_RATE, CART_ABANDONMENT_RATE, PRODUCT_VIEWS_PER_BROWSE } from './rates.ts'
import type { RealisedRates } from './realised.ts'

const pct = (x: number, digits = 1): string => `${(100 * x).toFixed(digits)} %`

/** One paragraph: purchases real (UCI Online Retail), browsing simulated, with the rates used and realised. */
export function dataNote(r: RealisedRates, share: number): string {
  return `Purchases and returns are real: UCI Online Retail (CC BY 4.0), a seeded ${pct(share, 0)} sample of its identified customers, ` +
    'with their amounts and times unchanged. The browsing around them (page and product views, searches, carts, checkouts, ' +
    'future customers browsing before their first order like anonymous visitors who never buy, some orders paid a visit ' +
    'after their cart) is simulated, at public e-commerce averages: ' +
    `${pct(ADD_TO_CART_RATE, 0)} of sessions add to cart, ${pct(CART_ABANDONMENT_RATE, 2)} of carts are abandoned ` +
    `(Baymard Institute, average of 49 studies), so ${pct(ADD_TO_CART_RATE * (1 - CART_ABANDONMENT_RATE), 2)} of sessions convert; ` +
    `${PRODUCT_VIEWS_PER_BROWSE.min}–${PRODUCT_VIEWS_PER_BROWSE.max} product views per browsing session. ` +
    `Realised: ${r.sessions.toLocaleString('en')} sessions, ${pct(r.conversionRate, 2)} convert, ${pct(r.addToCartRate, 2)} add to cart, ` +
    `${pct(r.abandonmentRate, 2)} of carts abandoned, ${r.viewsPerBrowse.toFixed(1)} product views per browsing session. ` +
    'How browsing relates to buying is the simulator\'s assumption, so metrics here are not evidence of accuracy on real ' +
    'browsing; the accuracy test stays Online Retail\'s purchases alone.'
}
