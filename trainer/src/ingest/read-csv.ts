/**
 * The CSV fast path: reads a plain CSV export (optionally gzipped) in JS, its lines tokenised in parse threads
 * (`csv-chunk.ts`, `csv-pool.ts`) while this thread decompresses and looks the strings up in the dictionaries.
 * DuckDB's reader streams its rows to JS on one thread (~1 M rows/s, whatever its threads); this reads ~3× faster on
 * 2 cores, and parallel work scales with `--workers`.
 *
 * It reads what DuckDB's reader query would make of the file, or nothing: a header whose mapping is not plain
 * columns (SQL expressions, a preset's) is left to DuckDB before any row is read, and a line it does not read
 * ({@link CsvRefused}, see `csv-chunk.ts`) sends the whole file to DuckDB. Attribute columns are read as text, into
 * the document DuckDB's `to_json(struct_pack(…))` writes.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { ProgressFn } from '../types.ts'
import { ROW_BAD, ROW_NO_PROFILE, headerNames, type CsvLayout } from './csv-chunk.ts'
import { CODE_STRIDE, type EncodedChunk } from './csv-encode.ts'
import { createInlineParser, createThreadParser, type CsvParser, type ParsedChunk } from './csv-pool.ts'
import { IngestError } from './errors.ts'
import type { InputFile } from './files.ts'
import { gunzipStream, isGzipDataError, truncatedError } from './gzip-check.ts'
import type { IngestSink } from './ingest-sink.ts'
import { getPreset, presetForHeader, quoteIdent, resolveMapping, type ResolvedMapping } from './mapping.ts'
import type { TabularStaged } from './read-tabular.ts'
import { NO_PROFILE, REASONS } from './sql-fields.ts'

/** A line the fast path does not read: the file is read again by DuckDB, which names what is wrong with a bad row. */
export class CsvRefused extends Error {
  override readonly name = 'CsvRefused'
  readonly code = 'CSV_FAST_PATH_REFUSED'
  constructor(readonly path: string, readonly line: number, readonly why: string) {
    super(`${path}: line ${line}: ${why}`)
  }
}

/** Bytes of decompressed text per chunk sent to a parse thread. */
const CHUNK_BYTES = 2 << 20
/** Files of this many bytes of text or more are tokenised in parse threads (a gzip file counts {@link GZIP_RATIO}× its size). */
export const THREADED_BYTES = 4 << 20
/** About how much larger a CSV's text is than its gzip file. */
export const GZIP_RATIO = 4
/** Progress is reported every this many rows. */
const PROGRESS_EVERY = 1 << 18
const LF = 10

export interface CsvFastOptions {
  map?: Record<string, string>
  preset?: string
  onProgress?: ProgressFn
  /** threads the command may use; 1 = tokenise in this thread */
  threads: number
}

/** The column of a plain mapping (`"name"`), −1 for an absent field, undefined for an expression. */
function columnOf(expr: string | null, columns: readonly string[]): number | undefined {
  if (expr === null) return -1
  const k = columns.findIndex((c) => quoteIdent(c) === expr)
  return k >= 0 ? k : undefined
}

/** The layout of a header's mapping, or undefined when a field or attribute is an expression, not a column. */
export function csvLayout(file: InputFile, columns: readonly string[], options: Pick<CsvFastOptions, 'map' | 'preset'>): CsvLayout | undefined {
  const preset = options.preset ? getPreset(options.preset) : (!options.map || Object.keys(options.map).length === 0 ? presetForHeader(columns) : undefined)
  const map = { ...(preset?.map ?? {}), ...(options.map ?? {}) }
  let mapping: ResolvedMapping
  try {
    mapping = resolveMapping(file.path, columns.map((name) => ({ name, scalar: true })), map)
  } catch {
    return undefined // DuckDB's reader gives the error, with the columns as it reads them
  }
  const attributes: CsvLayout['attributes'] = []
  // DuckDB's reader takes the first 64
  for (const [name, expr] of mapping.attributes.slice(0, 64)) {
    const column = columnOf(expr, columns)
    if (column === undefined || column < 0 || /["\\\u0000-\u001f\u007f-\uffff]/.test(name)) return undefined
    attributes.push({ column, name })
  }
  const f = mapping.fields
  const profile = columnOf(f.profileId, columns)
  const timestamp = columnOf(f.timestamp, columns)
  const type = columnOf(f.type, columns)
  const value = columnOf(f.value, columns)
  const item = columnOf(f.item, columns)
  if (profile === undefined || timestamp === undefined || type === undefined || value === undefined || item === undefined) return undefined
  const delimiter = /\.tsv(\.gz)?$/i.test(file.path) ? 9 : 44
  return { delimiter, columns: columns.length, profile, timestamp, type, value, item, attributes }
}

/** Per encoder (parse thread): its codes → the export's, for profiles, types and items. */
interface CodeMaps {
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
function learnNew(chunk: EncodedChunk, maps: CodeMaps, sink: IngestSink): void {
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
function addRows(chunk: EncodedChunk, maps: CodeMaps, file: number, sink: IngestSink, rn: number): number {
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
    columns.push(profiles[codes[c]!]!, numbers[r * 2]!, types[codes[c + 1]!]!, numbers[r * 2 + 1]!, item < 0 ? -1 : items[item]!, attr < 0 ? -1 : attributes[attr]!)
  }
  return count
}

/** Joins buffers (and the first `take` bytes of `last`) into one fresh buffer a parse thread can own. */
function join(parts: readonly Uint8Array[], last: Uint8Array, take: number): Uint8Array {
  let size = take
  for (const p of parts) size += p.length
  const out = new Uint8Array(size)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  out.set(last.subarray(0, take), at)
  return out
}

/**
 * Reads one CSV file through the fast path, or returns undefined (before reading any row) when its header's mapping
 * is not one it reads: then DuckDB reads it.
 * @throws CsvRefused at a line it does not read (rows before it were added: read the export again without it)
 * @throws IngestError INGEST_TRUNCATED for a gzip file cut short or damaged, INGEST_READ_FAILED when unreadable
 */
export async function readCsvFast(file: InputFile, index: number, sink: IngestSink, options: CsvFastOptions): Promise<TabularStaged | undefined> {
  const size = (await stat(file.path)).size
  if (!file.gzip && size === 0) return { rows: 0, rejects: [], lineOf: () => 0, preset: options.preset }
  const input = createReadStream(file.path, { highWaterMark: 1 << 20 })
  const stream = file.gzip ? input.pipe(gunzipStream()) : input
  const step = `read ${basename(file.path)}`
  let parser: CsvParser | undefined
  let layout: CsvLayout | undefined
  let pending: Uint8Array[] = []
  let pendingBytes = 0
  let header = true
  let rn = 0
  let lastReport = 0
  let maps: CodeMaps[] = []
  const take = ({ encoder, chunk }: ParsedChunk): void => {
    const m = maps[encoder]!
    learnNew(chunk, m, sink)
    const added = addRows(chunk, m, index, sink, rn)
    if (chunk.refusedRow >= 0) throw new CsvRefused(file.path, rn + chunk.refusedRow + 2, chunk.refused)
    rn += added
    if (rn - lastReport >= PROGRESS_EVERY) {
      lastReport = rn
      options.onProgress?.({ step, done: rn, unit: 'rows' })
    }
  }
  const send = async (bytes: Uint8Array): Promise<void> => {
    parser!.submit(bytes)
    for (let c = parser!.ready(); c; c = parser!.ready()) take(c)
    while (parser!.outstanding >= 2 * options.threads) take(await parser!.next())
  }
  try {
    for await (const piece of stream) {
      let buf = piece as Uint8Array
      if (header) {
        // the header: the first line (a BOM skipped), kept whole across pieces
        const all = pending.length > 0 ? join(pending, buf, buf.length) : buf
        const nl = all.indexOf(LF)
        if (nl < 0) {
          pending = [all]
          pendingBytes = all.length
          continue
        }
        const start = all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf ? 3 : 0
        const names = headerNames(all, start, nl > start && all[nl - 1] === 13 ? nl - 1 : nl, /\.tsv(\.gz)?$/i.test(file.path) ? 9 : 44)
        if (typeof names === 'string' || !(layout = csvLayout(file, names, options))) return undefined
        // threads pay for themselves on a few chunks of text (each starts in ~0.3 s): a small file is parsed here
        parser = options.threads > 1 && size * (file.gzip ? GZIP_RATIO : 1) >= THREADED_BYTES ? createThreadParser(options.threads, layout) : createInlineParser(layout)
        maps = Array.from({ length: parser.encoders }, () => ({ profiles: new Int32Array(1024), types: [], items: [], attributes: [], profileCount: 0 }))
        header = false
        pending = []
        pendingBytes = 0
        buf = all.subarray(nl + 1)
      }
      if (pendingBytes + buf.length < CHUNK_BYTES) {
        pending.push(buf)
        pendingBytes += buf.length
        continue
      }
      const cut = buf.lastIndexOf(LF)
      if (cut < 0) {
        pending.push(buf)
        pendingBytes += buf.length
        continue
      }
      const chunk = join(pending, buf, cut + 1)
      pending = cut + 1 < buf.length ? [buf.slice(cut + 1)] : []
      pendingBytes = buf.length - cut - 1
      await send(chunk)
    }
    if (header) {
      // one line, no line end: the header of an empty file
      const all = join(pending, new Uint8Array(0), 0)
      const names = headerNames(all, 0, all.length, /\.tsv(\.gz)?$/i.test(file.path) ? 9 : 44)
      if (typeof names === 'string' || !csvLayout(file, names, options)) return undefined
      return { rows: 0, rejects: [], lineOf: () => 0, preset: options.preset }
    }
    if (pendingBytes > 0) await send(join(pending, new Uint8Array(0), 0))
    while (parser!.outstanding > 0) take(await parser!.next())
  } catch (cause) {
    if (cause instanceof CsvRefused || cause instanceof IngestError) throw cause
    if (file.gzip && isGzipDataError(cause)) throw truncatedError(file.path, cause)
    throw new IngestError('INGEST_READ_FAILED', `${file.path}: cannot read row ${rn + 1}: ${(cause as Error).message}${file.gzip ? ' (is it really gzipped?)' : ''}`, { cause })
  } finally {
    input.destroy()
    await parser?.close()
  }
  options.onProgress?.({ step, done: rn, unit: 'rows' })
  const preset = options.preset ?? undefined
  return { rows: rn, rejects: [], lineOf: (n) => n + 1, preset }
}
