/**
 * The values of a CSV field as the reader query (`read-tabular.ts`, `sql-fields.ts`) makes them, read from the bytes:
 * timestamps (`timestampSql`'s forms, with DuckDB's calendar checks) and plain decimal numbers (DuckDB's cast). NaN
 * means "not one the fast path reads": DuckDB then reads the file.
 */
import { digit, twoDigits } from './ascii-digits.ts'

/** Positive powers of ten exact as doubles. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k)

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/**
 * Epoch ms of `[s, e)` as the reader query makes it (`timestampSql`): 9+ digits are epoch ms; `YYYY-MM-DD[T ]HH:MM:SS`
 * with an optional fraction of 1–3 digits and an optional `Z` is UTC. NaN for anything else (refused: DuckDB decides).
 */
export function csvTimestamp(b: Uint8Array, s: number, e: number): number {
  const n = e - s
  if (n >= 9 && n <= 15 && b[s + 4] !== 45) {
    let ms = 0
    for (let k = s; k < e; k++) {
      const d = b[k]! - 48
      if (d < 0 || d > 9) return NaN
      ms = ms * 10 + d
    }
    return ms
  }
  // a date alone: midnight UTC
  if (n === 10 && b[s + 4] === 45 && b[s + 7] === 45) return dateDays(b, s) * 86_400_000
  if (n < 19 || b[s + 4] !== 45 || b[s + 7] !== 45 || (b[s + 10] !== 84 && b[s + 10] !== 32) || b[s + 13] !== 58 || b[s + 16] !== 58) return NaN
  let z = e
  let offset = 0
  if (b[e - 1] === 90) z = e - 1
  else if (n >= 25 && b[e - 3] === 58 && (b[e - 6] === 43 || b[e - 6] === 45)) {
    offset = zoneMs(b, e - 6, e - 5, e - 2)
    z = e - 6
  } else if (n >= 24 && (b[e - 5] === 43 || b[e - 5] === 45)) {
    offset = zoneMs(b, e - 5, e - 4, e - 2)
    z = e - 5
  }
  if (Number.isNaN(offset)) return NaN
  let ms = 0
  if (z > s + 19) {
    const f = z - (s + 20)
    if (b[s + 19] !== 46 || f < 1 || f > 3) return NaN
    for (let k = 0; k < 3; k++) ms = ms * 10 + (k < f ? digit(b, s + 20 + k) : 0)
  } else if (z !== s + 19) {
    return NaN
  }
  const hour = twoDigits(b, s + 11)
  const minute = twoDigits(b, s + 14)
  const second = twoDigits(b, s + 17)
  // NaN (a non-digit) fails every comparison
  if (!(hour <= 23 && minute <= 59 && second <= 59 && ms >= 0)) return NaN
  return dateDays(b, s) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms - offset
}

/** Days since 1970-01-01 of the `YYYY-MM-DD` at `b[s]`, or NaN for a date that does not exist (DuckDB's calendar). */
function dateDays(b: Uint8Array, s: number): number {
  const year = twoDigits(b, s) * 100 + twoDigits(b, s + 2)
  const month = twoDigits(b, s + 5)
  const day = twoDigits(b, s + 8)
  // NaN (a non-digit) fails every comparison
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && year >= 1)) return NaN
  return daysFromCivil(year, month, day)
}

/** A zone offset in ms from its sign at `sign` and two-digit hours and minutes (`timestampSql` subtracts it). */
function zoneMs(b: Uint8Array, sign: number, hours: number, minutes: number): number {
  const h = twoDigits(b, hours)
  const m = twoDigits(b, minutes)
  if (!(h <= 15 && m <= 59)) return NaN
  return (b[sign] === 45 ? -1 : 1) * (h * 60 + m) * 60_000
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (as `Date.UTC`, in integer arithmetic). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

/**
 * A plain decimal `[-]digits[.digits]` as the nearest double (what DuckDB's cast gives); NaN for anything else. Up to
 * 15 significant digits the integer of all digits is exact and one division by an exact power of ten rounds once.
 */
export function csvNumber(b: Uint8Array, s: number, e: number): number {
  let i = s
  const negative = b[i] === 45
  if (negative) i++
  if (i === e) return NaN
  let mantissa = 0
  let digits = 0
  let fraction = -1
  for (; i < e; i++) {
    const c = b[i]!
    if (c === 46) {
      if (fraction >= 0 || digits === 0) return NaN
      fraction = 0
      continue
    }
    const d = c - 48
    if (d < 0 || d > 9) return NaN
    mantissa = mantissa * 10 + d
    digits++
    if (fraction >= 0) fraction++
  }
  if (fraction === 0) return NaN
  let v: number
  if (digits <= 15) v = fraction > 0 ? mantissa / POW10[fraction]! : mantissa
  else v = Number(String.fromCharCode(...b.subarray(negative ? s + 1 : s, e))) // the sign is applied below
  return negative ? -v : v
}
