import { EVENT_LIMITS, toEpochMs } from '@auspex/core'
import { AttributeSpans } from './attribute-spans.ts'
import { digit, twoDigits } from './ascii-digits.ts'
import type { EventColumns } from './event-columns.ts'
import { createFlatEvent, scanFlatEvent } from './flat-event.ts'
import { spanHash } from './span-index.ts'

/** The ASCII text `line[start, end)`. */
function ascii(line: Buffer, start: number, end: number): string {
  return line.toString('latin1', start, end)
}

/**
 * Epoch ms of an ISO timestamp as exports write it, `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.sssZ`, read from
 * the bytes with core's `parseIsoTimestamp` rules (the same ranges, then `Date.UTC`); any other text goes to core's
 * `toEpochMs`, so the result is always what `normalizeEvent` would make of it.
 */
function timestampAt(line: Buffer, start: number, end: number): number {
  const n = end - start
  if ((n === 24 || n === 20) && line[start + 4] === 45 && line[start + 7] === 45 && line[start + 10] === 84 && line[start + 13] === 58 &&
    line[start + 16] === 58 && line[end - 1] === 90 && (n === 20 || line[start + 19] === 46)) {
    const year = twoDigits(line, start) * 100 + twoDigits(line, start + 2)
    const month = twoDigits(line, start + 5)
    const day = twoDigits(line, start + 8)
    const hour = twoDigits(line, start + 11)
    const minute = twoDigits(line, start + 14)
    const second = twoDigits(line, start + 17)
    const ms = n === 20 ? 0 : digit(line, start + 20) * 100 + twoDigits(line, start + 21)
    // NaN (a non-digit) fails every comparison, as in parseIsoTimestamp
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 24 && minute <= 59 && second <= 60 && ms >= 0 && year >= 0) {
      return Date.UTC(year, month - 1, day, hour, minute, second, ms)
    }
  }
  return toEpochMs(ascii(line, start, end))
}

/** A value of a line the dictionaries do not know yet: decoded and checked, learned only once the whole event is valid. */
function unknownText(line: Buffer, start: number, end: number, isType: boolean): string | null {
  const s = ascii(line, start, end)
  // normalizeEvent's checks: non-empty (type: not only white space), at most 512 code units. An empty item is
  // "no item" there; it is left to the general path like every other case this does not handle.
  if (s.length === 0 || s.length > EVENT_LIMITS.maxText || (isType && s.trim().length === 0)) return null
  return s
}

/**
 * Adds JSON Lines events to the columns straight from the bytes of their lines (see `flat-event.ts`), with the same
 * result as decoding + `JSON.parse` + core's `normalizeEvent` + the dictionaries' `code`. `add` returns false for a
 * line it does not take (not a flat event, or anything invalid in it); the caller reads that one the general way,
 * which also names the reason when the line is bad. Nothing is added to the columns or dictionaries for such a line.
 */
export function createFlatEventSink(columns: EventColumns): { add(line: Buffer, start: number, end: number): boolean } {
  const e = createFlatEvent()
  const { profiles, types, items } = columns
  const attributes = new AttributeSpans()
  return {
    add(line, start, end) {
      if (!scanFlatEvent(line, start, end, e)) return false
      const ts = e.tsStart < 0 ? e.tsNumber : e.tsEnd > e.tsStart ? timestampAt(line, e.tsStart, e.tsEnd) : NaN
      if (!(ts >= EVENT_LIMITS.minTimestamp && ts <= EVENT_LIMITS.maxTimestamp)) return false
      if (e.value === Infinity || e.value === -Infinity) return false

      const hp = spanHash(line, e.profileStart, e.profileEnd)
      let profile = profiles.codeOfSpan(line, e.profileStart, e.profileEnd, hp)
      const newProfile = profile < 0 ? unknownText(line, e.profileStart, e.profileEnd, false) : null
      if (profile < 0 && newProfile === null) return false
      const hy = spanHash(line, e.typeStart, e.typeEnd)
      let type = types.codeOfSpan(line, e.typeStart, e.typeEnd, hy)
      const newType = type < 0 ? unknownText(line, e.typeStart, e.typeEnd, true) : null
      if (type < 0 && newType === null) return false
      let item = -1
      let hi = 0
      let newItem: string | null = null
      if (e.itemStart >= 0) {
        hi = spanHash(line, e.itemStart, e.itemEnd)
        item = items.codeOfSpan(line, e.itemStart, e.itemEnd, hi)
        if (item < 0 && (newItem = unknownText(line, e.itemStart, e.itemEnd, false)) === null) return false
      }
      let doc = ''
      if (e.attrStart >= 0) {
        const d = attributes.document(line, e.attrStart, e.attrEnd, spanHash(line, e.attrStart, e.attrEnd))
        if (d === null) return false
        doc = d
      }

      // A valid event: learn what is new, then add it
      if (newProfile !== null) profile = profiles.addSpan(hp, newProfile)
      if (newType !== null) type = types.addSpan(hy, newType)
      if (newItem !== null) item = items.addSpan(hi, newItem)
      columns.push(profile, ts, type, e.value, item, doc === '' ? -1 : columns.attributes.code(doc))
      return true
    },
  }
}
