/**
 * A scanner for the common JSON Lines event, over the line's UTF-8 bytes: one flat object with string `profileId`
 * and `type`, a `timestamp` (string or number), and optionally a numeric `value`, a string `item` and other scalar
 * fields. It records where each field is in the line instead of decoding the line and building an object.
 *
 * `attributes` may be a flat object of such scalars (its span is recorded; the caller parses it).
 *
 * It accepts a strict subset of JSON and says no to everything else: escapes, non-ASCII text, nested values,
 * a field given twice, anything `JSON.parse` would refuse. A line it refuses takes the general path
 * (decoded, `JSON.parse`, core's `normalizeEvent`), which also names what is wrong with it, so a line reads the
 * same either way (flat-event-sink.test.ts holds the two paths to that).
 */

/** Where the fields of a scanned line are: string spans [start, end) of bytes (ASCII); −1 start = absent or null. */
export interface FlatEvent {
  profileStart: number
  profileEnd: number
  typeStart: number
  typeEnd: number
  itemStart: number
  itemEnd: number
  /** the timestamp as text (span), or −1 when it is a number ({@link tsNumber}) */
  tsStart: number
  tsEnd: number
  tsNumber: number
  /** NaN when absent or null */
  value: number
  /** the `attributes` object (`{…}`, a flat object of scalars) as a span; −1 start = absent or null */
  attrStart: number
  attrEnd: number
}

export function createFlatEvent(): FlatEvent {
  return { profileStart: -1, profileEnd: -1, typeStart: -1, typeEnd: -1, itemStart: -1, itemEnd: -1, tsStart: -1, tsEnd: -1, tsNumber: NaN, value: NaN, attrStart: -1, attrEnd: -1 }
}

const QUOTE = 34
const BACKSLASH = 92

const enum Key { Other, Profile, Timestamp, Type, Value, Item, Attributes }
const enum Kind { String, Number, Null, Bool }

/** The kind of scalar a value starting with byte `c` is (`scalarEnd` checks the rest). */
function kindOf(c: number): Kind {
  return c === QUOTE ? Kind.String : c === 110 ? Kind.Null : c === 116 || c === 102 ? Kind.Bool : Kind.Number
}

/** The byte at `i`, or −1 at the line's end (`end`). */
function at(line: Uint8Array, i: number, end: number): number {
  return i < end ? line[i]! : -1
}

function skipSpace(line: Uint8Array, i: number, end: number): number {
  for (;;) {
    const c = at(line, i, end)
    if (c !== 32 && c !== 9) return i
    i++
  }
}

/** `line` has the ASCII `word` at `start` (before `end`). */
function hasWord(line: Uint8Array, start: number, end: number, word: string): boolean {
  if (start + word.length > end) return false
  for (let k = 0; k < word.length; k++) if (line[start + k] !== word.charCodeAt(k)) return false
  return true
}

/** The end (after the closing quote) of an ASCII string without escapes or control characters starting at the quote `i`, or −1. */
function stringEnd(line: Uint8Array, i: number, end: number): number {
  for (i++; i < end; i++) {
    const c = line[i]!
    if (c === QUOTE) return i + 1
    if (c === BACKSLASH || c < 32 || c > 126) return -1
  }
  return -1
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

/** The end of a JSON number starting at `i` (strict grammar: `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`), or −1. */
function numberEnd(line: Uint8Array, i: number, end: number): number {
  if (at(line, i, end) === 45) i++
  let c = at(line, i, end)
  if (c === 48) i++
  else if (c >= 49 && c <= 57) while (isDigit(at(line, i, end))) i++
  else return -1
  if (at(line, i, end) === 46) {
    if (!isDigit(at(line, ++i, end))) return -1
    while (isDigit(at(line, i, end))) i++
  }
  c = at(line, i, end)
  if (c === 101 || c === 69) {
    c = at(line, ++i, end)
    if (c === 43 || c === 45) i++
    if (!isDigit(at(line, i, end))) return -1
    while (isDigit(at(line, i, end))) i++
  }
  return i
}

/** Exact powers of ten (10^22 is the largest a double holds exactly). */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k)

/**
 * The value of the JSON number `line[from, to)`, as `Number` reads its text. Up to 15 digits without an exponent,
 * digits / 10^k is that value exactly (both are exact doubles and division rounds correctly); other numbers are
 * decoded and read by `Number`.
 */
function numberAt(line: Uint8Array, from: number, to: number): number {
  let i = from
  const negative = line[i] === 45
  if (negative) i++
  let mantissa = 0
  let digits = 0
  let scale = 0
  let point = false
  for (; i < to; i++) {
    const c = line[i]!
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48)
      digits++
      if (point) scale++
    } else if (c === 46) {
      point = true
    } else {
      break
    }
  }
  if (i < to || digits > 15) return Number(Buffer.from(line.buffer, line.byteOffset + from, to - from).toString('latin1'))
  const value = scale === 0 ? mantissa : mantissa / POW10[scale]!
  return negative ? -value : value
}

/** The end of the scalar (string, number, null, true, false) starting at `i`, or −1 when there is none. */
function scalarEnd(line: Uint8Array, i: number, end: number): number {
  const c = at(line, i, end)
  if (c === QUOTE) return stringEnd(line, i, end)
  if (c === 45 || isDigit(c)) return numberEnd(line, i, end)
  if (c === 110) return hasWord(line, i, end, 'null') ? i + 4 : -1
  if (c === 116) return hasWord(line, i, end, 'true') ? i + 4 : -1
  if (c === 102) return hasWord(line, i, end, 'false') ? i + 5 : -1
  return -1
}

/** The end of the flat object (`{}` or string keys to scalars) starting at the `{` at `i`, or −1. */
function flatObjectEnd(line: Uint8Array, i: number, end: number): number {
  i = skipSpace(line, i + 1, end)
  if (at(line, i, end) === 125) return i + 1
  for (;;) {
    if (at(line, i, end) !== QUOTE) return -1
    i = stringEnd(line, i, end)
    if (i < 0) return -1
    i = skipSpace(line, i, end)
    if (at(line, i, end) !== 58) return -1
    i = scalarEnd(line, skipSpace(line, i + 1, end), end)
    if (i < 0) return -1
    i = skipSpace(line, i, end)
    const sep = at(line, i, end)
    if (sep === 125) return i + 1
    if (sep !== 44) return -1
    i = skipSpace(line, i + 1, end)
  }
}

function keyOf(line: Uint8Array, start: number, end: number): Key {
  switch (end - start) {
    case 9: return hasWord(line, start, end, 'profileId') ? Key.Profile : hasWord(line, start, end, 'timestamp') ? Key.Timestamp : Key.Other
    case 4: return hasWord(line, start, end, 'type') ? Key.Type : hasWord(line, start, end, 'item') ? Key.Item : Key.Other
    case 5: return hasWord(line, start, end, 'value') ? Key.Value : Key.Other
    case 10: return hasWord(line, start, end, 'attributes') ? Key.Attributes : Key.Other
    default: return Key.Other
  }
}

/**
 * Scans the line `line[start, end)` into `out`. True when it is a flat event object this scanner reads exactly as
 * `JSON.parse` would read the decoded line; false sends it to the general path (which also handles everything this
 * refuses, such as a bad value). Checks beyond the JSON (lengths, timestamps) are the caller's.
 */
export function scanFlatEvent(line: Uint8Array, start: number, end: number, out: FlatEvent): boolean {
  let i = skipSpace(line, start, end)
  if (at(line, i, end) !== 123) return false
  i = skipSpace(line, i + 1, end)
  out.profileStart = out.typeStart = out.itemStart = out.tsStart = out.attrStart = -1
  out.tsNumber = NaN
  out.value = NaN
  let seen = 0
  for (;;) {
    if (at(line, i, end) !== QUOTE) return false
    const keyEnd = stringEnd(line, i, end)
    if (keyEnd < 0) return false
    const key = keyOf(line, i + 1, keyEnd - 1)
    i = skipSpace(line, keyEnd, end)
    if (at(line, i, end) !== 58) return false
    i = skipSpace(line, i + 1, end)
    const from = i
    const c = at(line, i, end)
    const kind = kindOf(c)
    if (c === 123 && key === Key.Attributes) {
      i = flatObjectEnd(line, i, end)
      if (i < 0) return false
      out.attrStart = from
      out.attrEnd = i
    } else {
      i = scalarEnd(line, i, end) // an object, an array or not JSON: −1
      if (i < 0) return false
    }
    if (key !== Key.Other) {
      const bit = 1 << key
      if (seen & bit) return false // given twice: JSON.parse keeps the last, the general path decides
      seen |= bit
      switch (key) {
        case Key.Profile:
          if (kind !== Kind.String) return false
          out.profileStart = from + 1
          out.profileEnd = i - 1
          break
        case Key.Type:
          if (kind !== Kind.String) return false
          out.typeStart = from + 1
          out.typeEnd = i - 1
          break
        case Key.Timestamp:
          if (kind === Kind.String) {
            out.tsStart = from + 1
            out.tsEnd = i - 1
          } else if (kind === Kind.Number) {
            out.tsNumber = numberAt(line, from, i)
          } else {
            return false
          }
          break
        case Key.Value:
          if (kind === Kind.Number) out.value = numberAt(line, from, i)
          else if (kind !== Kind.Null) return false
          break
        case Key.Item:
          if (kind === Kind.String) {
            out.itemStart = from + 1
            out.itemEnd = i - 1
          } else if (kind !== Kind.Null) {
            return false
          }
          break
        case Key.Attributes:
          if (c !== 123 && kind !== Kind.Null) return false // a string, number or boolean: the general path names it
          break
      }
    }
    i = skipSpace(line, i, end)
    const sep = at(line, i, end)
    if (sep === 125) break
    if (sep !== 44) return false
    i = skipSpace(line, i + 1, end)
  }
  if (skipSpace(line, i + 1, end) !== end) return false
  return out.profileStart >= 0 && out.typeStart >= 0 && (out.tsStart >= 0 || out.tsNumber === out.tsNumber)
}
