/**
 * The CSV fast path's tokeniser: turns a run of whole lines of a plain CSV into typed arrays (where each event field
 * is, its hash, its time and value), with no string and no object per row. It runs in a parse worker thread, or in
 * the reading thread with `--workers 1`; `read-csv.ts` then looks the spans up in the dictionaries in file order.
 *
 * It takes a strict subset of CSV and says no (`refused`) to the first line outside it: a doubled or unclosed quote,
 * a control character or invalid UTF-8, a field count other than the header's, a blank line, a timestamp other than
 * `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM:SS[.s…]` (`Z`, `±HH:MM`, `±HHMM` or no zone) or epoch milliseconds, a value other than a plain
 * decimal number, or an invalid field but a missing profile id, timestamp or type, or a timestamp out of range (those
 * get the reader query's reason and detail). DuckDB then reads the whole file, which names what is wrong with a bad
 * row. Every line it takes reads as DuckDB's reader query reads it (csv-fast.test.ts holds the two to that).
 */
import { isUtf8 } from 'node:buffer'
import { EVENT_LIMITS } from '@auspex/core'
import { csvNumber, csvTimestamp } from './csv-values.ts'
import { spanHash } from './span-index.ts'
import { OUTSIDE_DATE, OUTSIDE_EPOCH, REASONS } from './sql-fields.ts'
import { spanKey } from './span-key.ts'

/** Where the event fields are in a line: column indexes (−1 = the field has no column). */
export interface CsvLayout {
  /** 44 (`,`) or 9 (tab) */
  delimiter: number
  /** fields per line (the header's) */
  columns: number
  profile: number
  timestamp: number
  type: number
  value: number
  item: number
  /** attribute columns (at most 64, as DuckDB's reader takes) and their names in the document */
  attributes: Array<{ column: number; name: string }>
}

/** Per-row status in {@link CsvRows.status}. */
export const ROW_EVENT = 0
/** A row without a profile id: dropped, and counted (as DuckDB's `profileId: missing`). */
export const ROW_NO_PROFILE = 1
/** An event whose line has non-ASCII (valid UTF-8) text: its strings are decoded as UTF-8, not looked up by their bytes. */
export const ROW_EVENT_UTF8 = 2
/**
 * A bad row of a kind whose reason the reader query gives for certain (a missing timestamp or type, a timestamp out of
 * range): its spans hold the reason's index in `REASONS` and the detail's start and end (−1: none).
 */
export const ROW_BAD = 3

/** Ints per row in {@link CsvRows.spans}: profile start/end, type start/end, item start/end (−1 = none). */
export const SPAN_STRIDE = 6
/** Ints per row in {@link CsvRows.hashes}: the profile id's `spanKey` (4), then the `spanHash` of the type and item. */
export const HASH_STRIDE = 6
/** Doubles per row in {@link CsvRows.numbers}: epoch ms, value (NaN = none). */
export const NUMBER_STRIDE = 2

/** A chunk's rows: spans index into the chunk's bytes. */
export interface CsvRows {
  count: number
  status: Uint8Array
  spans: Int32Array
  hashes: Int32Array
  numbers: Float64Array
  /** per row: start/end of each attribute field (2 × the layout's attributes) */
  attributeSpans: Int32Array
  /** the first line the fast path does not read (0-based within the chunk), and why; −1 when none */
  refusedRow: number
  refused: string
}

const QUOTE = 34
const BACKSLASH = 92
const TAB = 9
const CR = 13
const LF = 10
const MAX_TEXT = EVENT_LIMITS.maxText
const MIN_TS = EVENT_LIMITS.minTimestamp
const MAX_TS = EVENT_LIMITS.maxTimestamp

/** The bad rows the tokeniser names itself: 1 + the index of the reader query's reason in `REASONS` (sql-fields.ts). */
const BAD = {
  timestampRequired: 1 + REASONS.indexOf('timestamp: required (ISO 8601 text or epoch milliseconds)'),
  outsideEpoch: 1 + REASONS.indexOf(OUTSIDE_EPOCH),
  outsideDate: 1 + REASONS.indexOf(OUTSIDE_DATE),
  typeRequired: 1 + REASONS.indexOf('type: required (a non-empty string such as "purchase")'),
} as const
for (const [name, code] of Object.entries(BAD)) if (code === 0) throw new Error(`csv-chunk.ts: no reason for ${name} in REASONS`)

/** A line's fields as [start, end) pairs, reused from line to line. */
type Fields = Int32Array

/** The bytes of the last line `splitLine` split, OR'ed: bit 7 set = the line has non-ASCII text. */
let lineBits = 0

/**
 * Splits `[start, end)` (one line, no line end) into `fields` (2 per column); an enclosed field (`"…"`) gives its
 * inside. Returns the field count, or a reason the line is refused (`string`).
 */
function splitLine(b: Uint8Array, start: number, end: number, delimiter: number, fields: Fields, max: number): number | string {
  let n = 0
  let i = start
  let bits = 0
  for (;;) {
    if (n === max) return `more than ${max} fields`
    let s = i
    let e: number
    if (i < end && b[i] === QUOTE) {
      s = i + 1
      e = s
      while (e < end && b[e] !== QUOTE) {
        if (b[e]! < 32) return 'a control character'
        bits |= b[e]!
        e++
      }
      if (e === end) return 'an unclosed quote'
      i = e + 1
      if (i < end && b[i] !== delimiter) return b[i] === QUOTE ? 'a doubled quote' : 'text after a closing quote'
    } else {
      while (i < end) {
        const c = b[i]!
        if (c === delimiter) break
        if (c === QUOTE) return 'a quote inside a field'
        if (c < 32 && c !== 9) return 'a control character'
        bits |= c
        i++
      }
      e = i
    }
    fields[2 * n] = s
    fields[2 * n + 1] = e
    n++
    lineBits = bits
    if (i >= end) return n
    i++ // the delimiter
    if (i === end) {
      // a last, empty field
      if (n === max) return `more than ${max} fields`
      fields[2 * n] = end
      fields[2 * n + 1] = end
      return n + 1
    }
  }
}

/** The names of a header line `[start, end)`, or why the fast path does not read it (a name repeated or empty, …). */
export function headerNames(b: Uint8Array, start: number, end: number, delimiter: number): string[] | string {
  const max = 4096
  const fields: Fields = new Int32Array(2 * max)
  const n = splitLine(b, start, end, delimiter, fields, max)
  if (typeof n === 'string') return n
  const names: string[] = []
  const text = Buffer.from(b.buffer, b.byteOffset, b.byteLength)
  for (let k = 0; k < n; k++) names.push(text.toString('utf8', fields[2 * k]!, fields[2 * k + 1]!))
  if (names.some((name) => name === '' || name.trim() !== name)) return 'an empty or padded column name'
  if (new Set(names.map((name) => name.toLowerCase())).size !== n) return 'a column name given twice'
  return names
}

/** Arrays for up to `capacity` rows of `attributes` attribute columns. */
export function allocRows(capacity: number, attributes: number): CsvRows {
  return {
    attributeSpans: new Int32Array(capacity * 2 * attributes),
    count: 0,
    status: new Uint8Array(capacity),
    spans: new Int32Array(capacity * SPAN_STRIDE),
    hashes: new Int32Array(capacity * HASH_STRIDE),
    numbers: new Float64Array(capacity * NUMBER_STRIDE),
    refusedRow: -1,
    refused: '',
  }
}

/** Lines in `[start, end)` (an upper bound on its rows: the last line may lack its end). */
export function lineCount(b: Uint8Array, start: number, end: number): number {
  let n = 1
  for (let k = b.indexOf(LF, start); k >= 0 && k < end; k = b.indexOf(LF, k + 1)) n++
  return n
}

/**
 * Tokenises the whole lines in `b[start, end)` (`\n` or `\r\n` ends; the last line may lack one) into `rows`, which
 * must hold {@link lineCount} rows. Stops at the first line it refuses ({@link CsvRows.refusedRow}).
 */
export function parseCsvRows(b: Uint8Array, start: number, end: number, layout: CsvLayout, rows: CsvRows): void {
  const fields: Fields = new Int32Array(2 * layout.columns)
  const { status, spans, hashes, numbers } = rows
  const attributes = layout.attributes
  let r = 0
  let i = start
  const refuse = (why: string): void => {
    rows.refusedRow = r
    rows.refused = why
  }
  while (i < end) {
    let nl = b.indexOf(LF, i)
    if (nl < 0 || nl > end) nl = end
    const lineEnd = nl > i && b[nl - 1] === CR ? nl - 1 : nl
    const next = nl + 1
    if (lineEnd === i) return refuse('a blank line')
    const n = splitLine(b, i, lineEnd, layout.delimiter, fields, layout.columns)
    if (typeof n === 'string') return refuse(n)
    const utf8 = (lineBits & 0x80) !== 0
    // DuckDB rejects a row with invalid UTF-8 anywhere in it
    if (utf8 && !isUtf8(b.subarray(i, lineEnd))) return refuse('invalid UTF-8')
    if (n !== layout.columns) return refuse(`${n} fields where the header has ${layout.columns}`)
    // the value first: one DuckDB's CSV reader cannot cast (a sniffed numeric column) rejects the row before any
    // reason below, a missing profile id included
    let value = NaN
    if (layout.value >= 0) {
      const vs = fields[2 * layout.value]!
      const ve = fields[2 * layout.value + 1]!
      if (ve > vs) {
        value = csvNumber(b, vs, ve)
        if (Number.isNaN(value)) return refuse('a value other than a plain decimal number')
      }
    }
    const ps = fields[2 * layout.profile]!
    const pe = fields[2 * layout.profile + 1]!
    const sp = r * SPAN_STRIDE
    if (ps === pe) {
      status[r] = ROW_NO_PROFILE
      spans[sp] = -1
    } else {
      if (pe - ps > MAX_TEXT) return refuse('a profile id over 512 characters')
      const tsStart = fields[2 * layout.timestamp]!
      const tsEnd = fields[2 * layout.timestamp + 1]!
      const ts = csvTimestamp(b, tsStart, tsEnd)
      const ys = fields[2 * layout.type]!
      const ye = fields[2 * layout.type + 1]!
      const bad = tsStart === tsEnd ? BAD.timestampRequired
        : Number.isNaN(ts) ? -1
        : ts < MIN_TS || ts > MAX_TS ? (isDigits(b, tsStart, tsEnd) ? BAD.outsideEpoch : BAD.outsideDate)
        : ye === ys || isSpaces(b, ys, ye) ? BAD.typeRequired
        : 0
      if (bad < 0) return refuse('a timestamp the fast path does not read')
      if (bad > 0) {
        status[r] = ROW_BAD
        spans[sp] = bad - 1
        const detail = bad === BAD.typeRequired ? [ys, Math.min(ye, ys + 40)] : [tsStart, tsEnd]
        spans[sp + 1] = detail[0]!
        spans[sp + 2] = detail[1]!
        r++
        rows.count = r
        i = next
        continue
      }
      if (ye - ys > MAX_TEXT || isBlank(b, ys, ye)) return refuse('an over-long or blank type')
      let is = -1
      let ie = -1
      if (layout.item >= 0 && fields[2 * layout.item + 1]! > fields[2 * layout.item]!) {
        is = fields[2 * layout.item]!
        ie = fields[2 * layout.item + 1]!
        if (ie - is > MAX_TEXT) return refuse('an item over 512 characters')
      }
      for (let k = 0; k < attributes.length; k++) {
        const as = fields[2 * attributes[k]!.column]!
        const ae = fields[2 * attributes[k]!.column + 1]!
        for (let x = as; x < ae; x++) if (b[x] === BACKSLASH || b[x] === TAB) return refuse('a backslash or tab in an attribute')
        rows.attributeSpans[(r * attributes.length + k) * 2] = as
        rows.attributeSpans[(r * attributes.length + k) * 2 + 1] = ae
      }
      status[r] = utf8 ? ROW_EVENT_UTF8 : ROW_EVENT
      spans[sp] = ps
      spans[sp + 1] = pe
      spans[sp + 2] = ys
      spans[sp + 3] = ye
      spans[sp + 4] = is
      spans[sp + 5] = ie
      const h = r * HASH_STRIDE
      spanKey(b, ps, pe, hashes, h)
      hashes[h + 4] = spanHash(b, ys, ye)
      hashes[h + 5] = is < 0 ? 0 : spanHash(b, is, ie)
      numbers[r * NUMBER_STRIDE] = ts
      numbers[r * NUMBER_STRIDE + 1] = value
    }
    r++
    rows.count = r
    i = next
  }
}

function isDigits(b: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (b[k]! < 48 || b[k]! > 57) return false
  return true
}

function isSpaces(b: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (b[k] !== 32) return false
  return true
}

function isBlank(b: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (b[k] !== 32 && b[k] !== 9) return false
  return true
}
