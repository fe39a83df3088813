/**
 * Adds the CSV fast path's encoded chunks (`csv-encode.ts`) to the sink, in file order: the values new to a chunk's
 * encoder (parse thread) are learned by the export's dictionaries, then each row's codes are mapped to the export's
 * (an array lookup per field).
 */
import { NUMBER_STRIDE, ROW_BAD, ROW_NO_PROFILE } from './csv-chunk.ts'
import { CODE_STRIDE, type EncodedChunk } from './csv-encode.ts'
import type { IngestSink } from './ingest-sink.ts'
import { NO_PROFILE, REASONS } from './sql-fields.ts'

/** Per encoder (parse thread): its codes → the export's, for profiles, types and items. */
export interface CodeMaps {
  profiles: Int32Array
  types: number[]
  items: number[]
  attributes: number[]
  profileCount: number
}

function grow(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a
  const next = new Int32Array(Math.max(need, a.length * 2))
  next.set(a)
  return next
}

/** Learns the values new to a chunk's encoder: its codes map to the export's dictionaries' (learned in file order). */
export function learnNew(chunk: EncodedChunk, maps: CodeMaps, sink: IngestSink): void {
  const { profiles, types, items } = sink.columns
  const n = chunk.newProfiles.length
  maps.profiles = grow(maps.profiles, maps.profileCount + n)
  for (let k = 0; k < n; k++) {
    let g = profiles.codeOfKey(chunk.newProfileKeys, 4 * k)
    if (g < 0) g = profiles.learnKey(chunk.newProfileKeys, 4 * k, chunk.newProfiles[k]!)
    maps.profiles[maps.profileCount++] = g
  }
  for (const t of chunk.newTypes) maps.types.push(types.code(t))
  for (const i of chunk.newItems) maps.items.push(items.code(i))
  for (const a of chunk.newAttributes) maps.attributes.push(sink.columns.attributes.code(a))
}

/**
 * Adds an encoded chunk's rows to the sink (rows `rn + 1 …`); a plain function so V8 optimises it.
 * @returns the number of rows
 */
export function addRows(chunk: EncodedChunk, maps: CodeMaps, file: number, sink: IngestSink, rn: number): number {
  const { count, status, codes, numbers } = chunk
  const { columns, bad } = sink
  const profiles = maps.profiles
  const types = maps.types
  const items = maps.items
  const attributes = maps.attributes
  let nextBad = 0
  for (let r = 0; r < count; r++) {
    if (status[r] === ROW_NO_PROFILE) {
      bad.add(file, rn + r + 1, NO_PROFILE, '')
      continue
    }
    if (status[r] === ROW_BAD) {
      const b = chunk.bad[nextBad++]!
      bad.add(file, rn + r + 1, REASONS[b.reason]!, b.detail)
      continue
    }
    const c = r * CODE_STRIDE
    const item = codes[c + 2]!
    const attr = codes[c + 3]!
    const n = r * NUMBER_STRIDE
    columns.push(profiles[codes[c]!]!, numbers[n]!, types[codes[c + 1]!]!, numbers[n + 1]!, item < 0 ? -1 : items[item]!, attr < 0 ? -1 : attributes[attr]!)
  }
  return count
}

/** Empty maps for `encoders` encoders. */
export function codeMaps(encoders: number): CodeMaps[] {
  return Array.from({ length: encoders }, () => ({ profiles: new Int32Array(1024), types: [], items: [], attributes: [], profileCount: 0 }))
}
