import type { DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api'
import type { BadRows } from './bad-rows.ts'
import type { Dictionary } from './dictionary.ts'
import { doubles, int32s, words } from './duckdb-vectors.ts'
import type { EventColumns } from './event-columns.ts'
import type { IngestSink } from './ingest-sink.ts'
import { REASONS } from './sql-fields.ts'

/**
 * How far DuckDB may compute ahead of this thread (its default, ~1 MB, keeps one reader thread busy at a time: a
 * gzip CSV of 10 M events streamed in 10.6 s on 1 or 2 threads; with 64 MB in 5.9 s on 2). The rows are held in
 * DuckDB's memory, within its memory_limit.
 */
const STREAMING_BUFFER = '128MB'

/** Progress is reported every this many rows. */
const PROGRESS_EVERY = 1 << 18

/** Columns of a reader query (see `read-tabular.ts`). */
const COL = { reason: 0, profile: 1, profile2: 2, type: 3, item: 4, attrs: 5, ms: 6, value: 7, detail: 8, p: 9, y: 10, i: 11, a: 12 } as const

function text(chunk: DuckDBDataChunk, column: number, k: number): string {
  const v = chunk.getColumnVector(column).getItem(k)
  return v === null || v === undefined ? '' : String(v)
}

/**
 * The code of row k's string given its 64-bit hash (`h`: word pairs); the string itself is decoded from the chunk's
 * `column` only when the hash is new. With `optional`, hash 0 means none (−1).
 */
function codeOf(dict: Dictionary, h: Int32Array, k: number, chunk: DuckDBDataChunk, column: number, optional: boolean): number {
  const lo = h[2 * k]!
  const hi = h[2 * k + 1]!
  if (optional && lo === 0 && hi === 0) return -1
  const code = dict.codeOfHash(lo, hi, 0, 0)
  return code >= 0 ? code : dict.learn(lo, hi, 0, 0, text(chunk, column, k))
}

/** State carried from chunk to chunk: the row number, and the last profile's hash key and code. */
interface Cursor {
  rn: number
  key: Int32Array
  profile: number
}

/** Adds one result chunk's rows to the columns (valid) or the bad rows; a plain function so V8 optimises it. */
function addChunk(chunk: DuckDBDataChunk, file: number, columns: EventColumns, bad: BadRows, cursor: Cursor): void {
  const n = chunk.rowCount
  const reason = int32s(chunk.getColumnVector(COL.reason))
  const hp = words(chunk.getColumnVector(COL.profile))
  const hp2 = words(chunk.getColumnVector(COL.profile2))
  const hy = words(chunk.getColumnVector(COL.type))
  const hi = words(chunk.getColumnVector(COL.item))
  const ha = words(chunk.getColumnVector(COL.attrs))
  const ms = doubles(chunk.getColumnVector(COL.ms))
  const vn = doubles(chunk.getColumnVector(COL.value))
  const key = cursor.key
  let rn = cursor.rn
  let profile = cursor.profile
  for (let k = 0; k < n; k++) {
    rn++
    const r = reason[k]!
    if (r !== 0) {
      bad.add(file, rn, REASONS[r - 1]!, text(chunk, COL.detail, k))
      continue
    }
    const a0 = hp[2 * k]!, a1 = hp[2 * k + 1]!, b0 = hp2[2 * k]!, b1 = hp2[2 * k + 1]!
    // Exports often list a profile's events together: the last profile's code is reused without a lookup.
    if (profile < 0 || a0 !== key[0] || a1 !== key[1] || b0 !== key[2] || b1 !== key[3]) {
      profile = columns.profiles.codeOfHash(a0, a1, b0, b1)
      if (profile < 0) profile = columns.profiles.learn(a0, a1, b0, b1, text(chunk, COL.p, k))
      key[0] = a0; key[1] = a1; key[2] = b0; key[3] = b1
    }
    columns.push(profile, ms[k]!, codeOf(columns.types, hy, k, chunk, COL.y, false), vn[k]!,
      codeOf(columns.items, hi, k, chunk, COL.i, true), codeOf(columns.attributes, ha, k, chunk, COL.a, true))
  }
  cursor.rn = rn
  cursor.profile = profile
}

/**
 * Runs a reader query (columns: reason code, `HASH_SQL`'s five hash columns, epoch ms, value, detail, then the
 * strings p, y, i, a — see `read-tabular.ts`) and streams its rows into the sink, numbering them 1, 2, … in file
 * order. Valid rows become events; the others are counted with their reason.
 * @returns the number of rows streamed
 */
export async function streamRows(conn: DuckDBConnection, sql: string, file: number, sink: IngestSink, onRows?: (rows: number) => void): Promise<number> {
  await conn.run(`SET streaming_buffer_size = '${STREAMING_BUFFER}'`)
  const result = await conn.stream(sql)
  const cursor: Cursor = { rn: 0, key: new Int32Array(4), profile: -1 }
  // DuckDB's threads produce chunks (up to STREAMING_BUFFER ahead) while this one is added: reading and encoding overlap.
  let next = result.fetchChunk()
  try {
    for (;;) {
      const chunk = await next
      if (!chunk || chunk.rowCount === 0) break
      next = result.fetchChunk()
      addChunk(chunk, file, sink.columns, sink.bad, cursor)
      if (onRows && (cursor.rn & (PROGRESS_EVERY - 1)) < chunk.rowCount) onRows(cursor.rn)
    }
  } catch (error) {
    // Let a fetch still in flight settle (its failure unreported) before the caller closes the connection under it.
    await next.catch(() => undefined)
    throw error
  }
  return cursor.rn
}
