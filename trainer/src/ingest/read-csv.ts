/**
 * The CSV fast path: reads a plain CSV export (optionally gzipped) in JS. This thread decompresses it and cuts it into
 * chunks of lines (`line-chunks.ts`); parse threads tokenise and dictionary-encode them (`csv-chunk.ts`,
 * `csv-encode.ts`, `csv-pool.ts`); this thread maps their codes to the export's in file order (`chunk-sink.ts`). The
 * 10 M-event bench export reads in 5.6 s on 2 cores against DuckDB's 8.8 s (bench/scale.ts).
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
import { addRows, codeMaps, learnNew, type CodeMaps } from './chunk-sink.ts'
import { headerNames, type CsvLayout } from './csv-chunk.ts'
import { createInlineParser, createThreadParser, type CsvParser, type ParsedChunk } from './csv-pool.ts'
import { IngestError } from './errors.ts'
import { csvDelimiter, type InputFile } from './files.ts'
import { gunzipStream, isGzipDataError, truncatedError } from './gzip-check.ts'
import type { IngestSink } from './ingest-sink.ts'
import { getPreset, presetForHeader, quoteIdent, resolveMapping, type ResolvedMapping } from './mapping.ts'
import type { TabularStaged } from './read-tabular.ts'
import { CHUNK_BYTES, lineChunks, useThreads } from './line-chunks.ts'
import { ThreadError } from '../threads/thread-error.ts'

/** A line the fast path does not read: the file is read again by DuckDB, which names what is wrong with a bad row. */
export class CsvRefused extends Error {
  override readonly name = 'CsvRefused'
  readonly code = 'CSV_FAST_PATH_REFUSED'
  constructor(readonly path: string, readonly line: number, readonly why: string) {
    super(`${path}: line ${line}: ${why}`)
  }
}

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
  const delimiter = csvDelimiter(file).charCodeAt(0)
  return { delimiter, columns: columns.length, profile, timestamp, type, value, item, attributes }
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
  const delimiter = csvDelimiter(file).charCodeAt(0)
  try {
    for await (let chunk of lineChunks(stream, CHUNK_BYTES)) {
      if (!parser) {
        // the header: the first line of the first chunk (which holds at least one whole line), a BOM skipped
        const nl = chunk.indexOf(LF)
        const end = nl < 0 ? chunk.length : nl
        const start = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0
        const names = headerNames(chunk, start, end > start && chunk[end - 1] === 13 ? end - 1 : end, delimiter)
        if (typeof names === 'string' || !(layout = csvLayout(file, names, options))) return undefined
        parser = useThreads(file, size, options.threads) ? createThreadParser(options.threads, layout) : createInlineParser(layout)
        maps = codeMaps(parser.encoders)
        if (nl < 0 || nl + 1 === chunk.length) continue
        chunk = chunk.slice(nl + 1)
      }
      await send(chunk)
    }
    // an empty file: DuckDB's reader says what it makes of it
    if (!parser) return undefined
    while (parser.outstanding > 0) take(await parser.next())
  } catch (cause) {
    if (cause instanceof CsvRefused || cause instanceof IngestError || cause instanceof ThreadError) throw cause
    if (file.gzip && isGzipDataError(cause)) throw truncatedError(file.path, cause)
    throw new IngestError('INGEST_READ_FAILED', `${file.path}: cannot read row ${rn + 1}: ${(cause as Error).message}${file.gzip ? ' (is it really gzipped?)' : ''}`, { cause })
  } finally {
    input.destroy()
    await parser?.close()
  }
  options.onProgress?.({ step, done: rn, unit: 'rows' })
  // no preset: the only one maps with SQL expressions, which DuckDB reads
  return { rows: rn, rejects: [], lineOf: (n) => n + 1, preset: undefined }
}
