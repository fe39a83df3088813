/**
 * Fast ISO 8601 parsing to epoch milliseconds, without `Date.parse`'s local-time surprises:
 * a timestamp without a zone designator is read as UTC. Accepts `YYYY-MM-DD`, then optionally
 * `T` or a space, `HH:MM`, `:SS`, `.fff…`, and `Z` or `±HH:MM` / `±HHMM`. Returns NaN when invalid.
 */
export function parseIsoTimestamp(text: string): number {
  const n = text.length
  if (n < 10) return NaN
  const year = digits(text, 0, 4)
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NaN
  const month = digits(text, 5, 2)
  const day = digits(text, 8, 2)
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return NaN
  let hour = 0
  let minute = 0
  let second = 0
  let ms = 0
  let i = 10
  if (i < n && (text.charCodeAt(i) === 84 || text.charCodeAt(i) === 32)) {
    hour = digits(text, i + 1, 2)
    if (text.charCodeAt(i + 3) !== 58) return NaN
    minute = digits(text, i + 4, 2)
    i += 6
    if (i < n && text.charCodeAt(i) === 58) {
      second = digits(text, i + 1, 2)
      i += 3
      if (i < n && text.charCodeAt(i) === 46) {
        i++
        let scale = 100
        const start = i
        while (i < n) {
          const c = text.charCodeAt(i) - 48
          if (c < 0 || c > 9) break
          ms += c * scale
          scale /= 10
          i++
        }
        if (i === start) return NaN
        ms = Math.floor(ms)
      }
    }
    if (!(hour <= 24 && minute <= 59 && second <= 60)) return NaN
  }
  let offset = 0
  if (i < n) {
    const c = text.charCodeAt(i)
    if (c === 90 || c === 122) {
      i++
    } else if (c === 43 || c === 45) {
      const oh = digits(text, i + 1, 2)
      const colon = text.charCodeAt(i + 3) === 58 ? 1 : 0
      const om = digits(text, i + 3 + colon, 2)
      if (!(oh <= 23 && om <= 59)) return NaN
      offset = (c === 43 ? 1 : -1) * (oh * 60 + om) * 60_000
      i += 5 + colon
    } else {
      return NaN
    }
  }
  if (i !== n) return NaN
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset
  return t
}

function digits(text: string, at: number, count: number): number {
  let value = 0
  for (let k = 0; k < count; k++) {
    const c = text.charCodeAt(at + k) - 48
    if (!(c >= 0 && c <= 9)) return NaN
    value = value * 10 + c
  }
  return value
}

/** Text {@link toEpochMs} reads as epoch milliseconds: 9 or more digits (an ISO date has dashes). */
const EPOCH_DIGITS = /^-?\d{9,}$/

/**
 * Whether {@link toEpochMs} reads `value` as a number of epoch milliseconds (a number, or text of 9+ digits) rather
 * than as an ISO date: out of range, such a value is most often epoch seconds.
 */
export function isEpochNumber(value: unknown): boolean {
  return typeof value === 'number' || (typeof value === 'string' && EPOCH_DIGITS.test(value.trim()))
}

/** Reads a timestamp given as ISO 8601 text, epoch milliseconds (number or digit string), or a Date. NaN when invalid. */
export function toEpochMs(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN
  if (typeof value === 'string') {
    const text = value.trim()
    return EPOCH_DIGITS.test(text) ? Number(text) : parseIsoTimestamp(text)
  }
  if (value instanceof Date) return value.getTime()
  return NaN
}
