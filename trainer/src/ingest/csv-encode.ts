/**
 * Dictionary-encodes tokenised CSV rows where they were tokenised (a parse thread): each thread keeps its own
 * dictionaries across the chunks of a file and sends, with a chunk's codes, only the values that are new to it. The
 * reading thread maps each thread's codes to the export's (`read-csv.ts`): per row an array lookup instead of a
 * hash lookup in a table of every profile, which was the read's bottleneck (~3 of ~9 s for 10 M events).
 */
import { allocRows, lineCount, parseCsvRows, ROW_BAD, ROW_EVENT_UTF8, ROW_NO_PROFILE, HASH_STRIDE, NUMBER_STRIDE, SPAN_STRIDE, type CsvLayout } from './csv-chunk.ts'
import { Dictionary } from './dictionary.ts'

/**
 * Ints per row in {@link EncodedChunk.codes}: profile, type, item (−1 = none) and attribute document (−1 = none) codes
 * of the thread's dictionaries.
 */
export const CODE_STRIDE = 4

/** A chunk's rows as the thread's codes, and the values its dictionaries learned from it (in order of first use). */
export interface EncodedChunk {
  count: number
  /** per row: `ROW_EVENT`, `ROW_EVENT_UTF8`, or `ROW_NO_PROFILE` / `ROW_BAD` (codes −1) */
  status: Uint8Array
  codes: Int32Array
  /** per row: epoch ms, value (NaN = none) */
  numbers: Float64Array
  newProfiles: string[]
  /** the `spanKey` of each new profile id, 4 ints each */
  newProfileKeys: Int32Array
  newTypes: string[]
  newItems: string[]
  newAttributes: string[]
  /** the `ROW_BAD` rows in order: the reason's index in `REASONS` and the detail text */
  bad: Array<{ reason: number; detail: string }>
  /** as in `CsvRows` */
  refusedRow: number
  refused: string
}

/** One thread's encoder: its dictionaries live as long as it does (one file). */
export function createChunkEncoder(layout: CsvLayout): (bytes: Uint8Array) => EncodedChunk {
  const profiles = new Dictionary()
  const types = new Dictionary()
  const items = new Dictionary()
  const attributes = new Dictionary()
  const nAttr = layout.attributes.length
  // DuckDB's `to_json(struct_pack(…))` of text columns: {"name":"text",…}, null for an empty field
  const prefixes = layout.attributes.map((a, k) => `${k === 0 ? '{' : ','}${JSON.stringify(a.name)}:`)
  return (bytes) => {
    const rows = allocRows(lineCount(bytes, 0, bytes.length), nAttr)
    parseCsvRows(bytes, 0, bytes.length, layout, rows)
    const { count, status, spans, hashes } = rows
    const codes = new Int32Array(count * CODE_STRIDE)
    const p0 = profiles.size, t0 = types.size, i0 = items.size, a0 = attributes.size
    const attributeSpans = rows.attributeSpans
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const keys: number[] = []
    const bad: EncodedChunk['bad'] = []
    for (let r = 0; r < count; r++) {
      const c = r * CODE_STRIDE
      const s = r * SPAN_STRIDE
      if (status[r] === ROW_NO_PROFILE || status[r] === ROW_BAD) {
        codes[c] = codes[c + 1] = codes[c + 2] = codes[c + 3] = -1
        if (status[r] === ROW_BAD) bad.push({ reason: spans[s]!, detail: text.toString('latin1', spans[s + 1]!, spans[s + 2]!) })
        continue
      }
      const h = r * HASH_STRIDE
      // ASCII text is looked up by its bytes; a line with other UTF-8 decodes its strings (the span index is ASCII-only)
      const utf8 = status[r] === ROW_EVENT_UTF8
      const enc = utf8 ? 'utf8' : 'latin1'
      let p = profiles.codeOfKey(hashes, h)
      if (p < 0) {
        p = profiles.learnKey(hashes, h, text.toString(enc, spans[s]!, spans[s + 1]!))
        keys.push(hashes[h]!, hashes[h + 1]!, hashes[h + 2]!, hashes[h + 3]!)
      }
      let t: number
      if (utf8) t = types.code(text.toString('utf8', spans[s + 2]!, spans[s + 3]!))
      else if ((t = types.codeOfSpan(bytes, spans[s + 2]!, spans[s + 3]!, hashes[h + 4]!)) < 0) t = types.addSpan(hashes[h + 4]!, text.toString('latin1', spans[s + 2]!, spans[s + 3]!))
      let i = -1
      if (spans[s + 4]! >= 0) {
        if (utf8) i = items.code(text.toString('utf8', spans[s + 4]!, spans[s + 5]!))
        else if ((i = items.codeOfSpan(bytes, spans[s + 4]!, spans[s + 5]!, hashes[h + 5]!)) < 0) i = items.addSpan(hashes[h + 5]!, text.toString('latin1', spans[s + 4]!, spans[s + 5]!))
      }
      let a = -1
      if (nAttr > 0) {
        let doc = ''
        for (let k = 0; k < nAttr; k++) {
          const as = attributeSpans[(r * nAttr + k) * 2]!
          const ae = attributeSpans[(r * nAttr + k) * 2 + 1]!
          doc += prefixes[k] + (ae > as ? `"${text.toString(enc, as, ae)}"` : 'null')
        }
        a = attributes.code(doc + '}')
      }
      codes[c] = p
      codes[c + 1] = t
      codes[c + 2] = i
      codes[c + 3] = a
    }
    return {
      count,
      status: status.subarray(0, count),
      codes,
      numbers: rows.numbers.subarray(0, count * NUMBER_STRIDE),
      newProfiles: profiles.values.slice(p0),
      newProfileKeys: Int32Array.from(keys),
      newTypes: types.values.slice(t0),
      newItems: items.values.slice(i0),
      newAttributes: attributes.values.slice(a0),
      bad,
      refusedRow: rows.refusedRow,
      refused: rows.refused,
    }
  }
}
