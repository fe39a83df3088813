/**
 * The simulator's output: canonical Auspex events (`profileId,timestamp,type,value,item`), and their CSV form.
 */

/** The event types the simulator writes: the demo shop's, in core's vocabulary. */
export type SimType =
  | 'pageView' | 'search' | 'productView' | 'addToCart' | 'removeFromCart' | 'checkout' | 'purchase' | 'return'

/** One simulated (or, for `purchase` and `return`, real) event. */
export interface SimEvent {
  profileId: string
  /** epoch ms */
  timestamp: number
  type: SimType
  value?: number
  item?: string
}

/** The CSV header of a simulated events file. */
export const CSV_HEADER = 'profileId,timestamp,type,value,item'

/** ISO 8601 in UTC, without milliseconds when they are zero. */
export function isoTime(ms: number): string {
  const iso = new Date(ms).toISOString()
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso
}

/** Rounds money to pence, as the source data has it. */
export function pence(value: number): number {
  return Math.round(value * 100) / 100
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** One CSV line (no newline); a field with a comma or quote is quoted (RFC 4180). */
export function toCsvLine(e: SimEvent): string {
  const item = e.item === undefined ? '' : csvField(e.item)
  return `${csvField(e.profileId)},${isoTime(e.timestamp)},${e.type},${e.value ?? ''},${item}`
}
