/** Display formatting for the demo: money, percentages, dates, factor sizes. */

const GBP = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' })

/** `£2.55` */
export function money(value: number): string {
  return GBP.format(value)
}

/** 0.4234 → `42.3%` */
export function percent(p: number): string {
  return `${(p * 100).toFixed(1)}%`
}

/** Epoch ms → `9 Dec 2011` (UTC, the data's zone). */
export function day(ms: number): string {
  return new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
}

/** Epoch ms → `9 Dec 2011, 12:50` (UTC). */
export function dateTime(ms: number): string {
  return new Date(ms).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })
}

/** A factor's contribution (log-odds) as a signed, readable size: `+0.42`, `−1.10`. */
export function contribution(c: number): string {
  const s = Math.abs(c).toFixed(2)
  return c >= 0 ? `+${s}` : `−${s}`
}

/** Title case for the catalogue's upper-case names: `WHITE HANGING HEART` → `White Hanging Heart`. */
export function titleCase(name: string): string {
  return name.toLowerCase().replace(/(^|[\s\-/(])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase())
}

/** Escapes text for HTML. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)
}
