/** Human wording for windows, event types and feature values. */
import { roleOf } from './vocabulary.ts'

/** Feature code suffix of a window of `days` days: `7d`. */
export function windowCode(days: number): string {
  return `${days}d`
}

/** "today", "in the last 7 days": what a window of `days` UTC calendar days (today included) counts. */
export function windowPhrase(days: number): string {
  return days === 1 ? 'today' : `in the last ${days} days`
}

/** How labels speak of an event type: a noun (feature names), a past-tense verb (labels), the "never" text. */
export interface TypeWords {
  /** one event of the type: "add to cart" */
  one: string
  noun: string
  verb: string
  never: string
}

const WORDS: Readonly<Record<string, TypeWords>> = {
  pageView: { one: 'page view', noun: 'Page views', verb: 'Viewed pages', never: 'No page view yet' },
  productView: { one: 'product view', noun: 'Product views', verb: 'Viewed products', never: 'No product viewed yet' },
  search: { one: 'search', noun: 'Searches', verb: 'Searched', never: 'No search yet' },
  addToCart: { one: 'add to cart', noun: 'Adds to cart', verb: 'Added to cart', never: 'Nothing added to cart yet' },
  removeFromCart: { one: 'removal from cart', noun: 'Removals from cart', verb: 'Removed from cart', never: 'Nothing removed from cart yet' },
  checkout: { one: 'checkout', noun: 'Checkouts started', verb: 'Started checkout', never: 'No checkout yet' },
  purchase: { one: 'purchase', noun: 'Purchases', verb: 'Purchased', never: 'No purchase yet' },
  return: { one: 'return', noun: 'Returns', verb: 'Returned items', never: 'No return yet' },
}

/** The words for an event type: the canonical types have their own, a custom type is quoted by name. */
export function typeWords(type: string): TypeWords {
  if (roleOf(type) !== 'custom') return WORDS[type]!
  return { one: `"${type}"`, noun: `"${type}" events`, verb: `"${type}"`, never: `No "${type}" yet` }
}

/** `addToCart` → `addtocart`, `Viewed pricing` → `viewed_pricing`: safe in feature codes. */
export function slug(text: string): string {
  const s = text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '')
  return s === '' ? 'x' : s
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

/** Currency formats by currency and digits: creating one costs far more than formatting (labels format many values). */
const MONEY_FORMATS = new Map<string, Intl.NumberFormat>()

function formatMoney(value: number, currency: string | undefined): string {
  const digits = Math.abs(value) >= 100 ? 0 : 2
  if (currency === undefined) return Math.abs(value) >= 100 ? String(Math.round(value)) : value.toFixed(2)
  const key = `${currency}/${digits}`
  let format = MONEY_FORMATS.get(key)
  if (!format) MONEY_FORMATS.set(key, (format = new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits })))
  return format.format(value)
}

/** Days ago in words: "today" (under a day), "yesterday", "12 days ago". */
function formatDaysAgo(days: number): string {
  if (days < 1) return 'today'
  if (days < 2) return 'yesterday'
  return `${Math.floor(days)} days ago`
}

/**
 * Formats a feature value for a factor label. Counts are whole (the windows count events exactly); averages
 * and minutes get one decimal under 10; money gets the currency when known; `days` reads as "3 days ago".
 */
export function formatValue(value: number, unit: string, currency?: string): string {
  if (Number.isNaN(value)) return 'never'
  switch (unit) {
    case 'weekday': return WEEKDAYS[value] ?? String(value)
    case 'flag': return value >= 0.5 ? 'yes' : 'no'
    case 'currency': return formatMoney(value, currency)
    case 'days': return formatDaysAgo(value)
    case 'count': case 'items': case 'hour': return String(Math.round(value))
    default: return String(Math.abs(value) >= 10 ? Math.round(value) : Math.round(value * 10) / 10)
  }
}

/**
 * Fills `{value}` in a label template, and `{s}` with the plural ending unless the value reads "1"
 * (`{value} visit{s}` → "1 visit", "2 visits"); uses `missing` (when given) for NaN, "never happened".
 */
export function fillTemplate(template: string, value: number, unit: string, missing?: string, currency?: string): string {
  if (Number.isNaN(value) && missing !== undefined) return missing
  const text = formatValue(value, unit, currency)
  return template.replace('{value}', text).replace('{s}', text === '1' ? '' : 's')
}
