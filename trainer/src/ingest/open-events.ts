import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { DuckDBInstance } from '@duckdb/node-api'
import type { EventSource, IngestOptions, IngestSummary, ProgressFn } from '../types.ts'
import { BadRows } from './bad-rows.ts'
import { IngestError } from './errors.ts'
import { EventColumns } from './event-columns.ts'
import { expandInputs, type InputFile } from './files.ts'
import { CsvRefused, readCsvFast } from './read-csv.ts'
import type { IngestSink } from './ingest-sink.ts'
import { getPreset } from './mapping.ts'
import { streamProfiles } from './profile-stream.ts'
import { readJsonl } from './read-jsonl.ts'
import { readTabular, type TabularStaged } from './read-tabular.ts'
import { sortEvents, type EventTable } from './sort-events.ts'
import { badPerFile, buildSummary, type StagedFile } from './summary.ts'

/** DuckDB's memory limit unless `memoryLimit` is given (it only holds what its CSV/Parquet readers buffer). */
export const DEFAULT_MEMORY_LIMIT = '1GB'

/** Share of bad rows above which a file is refused. */
export const MOSTLY_BAD = 0.5

/**
 * Opens an event export (JSON Lines, CSV or Parquet, optionally gzipped; files or folders) for streaming.
 * CSV and Parquet are read, mapped and checked by DuckDB and streamed to JS as numbers and hashes; JSON Lines
 * is parsed in JS. Valid events are kept as dictionary-encoded typed columns (about 32 bytes per event), then
 * grouped by profile and sorted by time in O(n); {@link EventSource.profiles} builds one profile's events at
 * a time from them. The summary is complete when the promise resolves.
 * @throws IngestError for missing files, unknown formats, bad mappings, unreadable files, or a file where
 *   more than half the rows are bad (`INGEST_MOSTLY_BAD`).
 * @example const source = await openEvents(['data/online-retail/online_retail.csv.gz'], {})
 */
export async function openEvents(paths: string[], options: IngestOptions = {}): Promise<EventSource> {
  const { table, summary } = await readEvents(paths, options)
  return createSource(table, summary, options)
}

/** What {@link readEvents} read: the events grouped by profile and sorted by time, and the summary. */
export interface ReadEvents {
  table: EventTable
  summary: IngestSummary
}

/** What {@link readEventColumns} read: the valid events in arrival order, not yet grouped, and the summary. */
export interface ReadColumns {
  columns: EventColumns
  summary: IngestSummary
}

/**
 * Reads an export into the sorted event table (what {@link openEvents} streams profiles from, and what shards are
 * cut from). Same checks and errors as {@link openEvents}.
 */
export async function readEvents(paths: string[], options: IngestOptions = {}): Promise<ReadEvents> {
  const started = performance.now()
  const { columns, summary } = await readEventColumns(paths, options)
  const table = sortEvents(columns)
  grouped(summary, started, options.onProgress)
  return { table, summary }
}

/**
 * Marks what {@link readEventColumns} read as grouped (by `sortEvents`, or into shards by `scatterShards`): the progress
 * step `sort`, and `summary.seconds` counting reading and grouping since `started`. Returns those seconds.
 */
export function grouped(summary: IngestSummary, started: number, onProgress?: ProgressFn): number {
  onProgress?.({ step: 'sort', done: summary.events, unit: 'events' })
  return (summary.seconds = (performance.now() - started) / 1000)
}

/**
 * Reads an export's valid events in arrival order (file by file, row by row) with its summary: {@link readEvents}
 * groups them into one table, `scatterShards` (src/shards/raw-shards.ts) into shards. Same checks and errors as
 * {@link openEvents}.
 */
export async function readEventColumns(paths: string[], options: IngestOptions = {}): Promise<ReadColumns> {
  const started = performance.now()
  if (options.preset) getPreset(options.preset)
  const inputs = await expandInputs(paths)
  // CSV files go through the fast path unless it refused one of their lines: then the export is read again, that
  // file by DuckDB (the rows already read cannot be taken out of the dictionaries)
  const slow = new Set<string>()
  for (;;) {
    try {
      return await readInputs(inputs, options, slow, started)
    } catch (error) {
      if (!(error instanceof CsvRefused) || slow.has(error.path)) throw error
      slow.add(error.path)
      // printed as "read x.csv again with DuckDB (the fast CSV reader stopped at line N: why): N − 2 rows read before it"
      options.onProgress?.({ step: `read ${basename(error.path)} again with DuckDB (the fast CSV reader stopped at line ${error.line}: ${error.why})`, done: Math.max(0, error.line - 2), unit: 'rows read before it' })
    }
  }
}

async function readInputs(inputs: readonly InputFile[], options: IngestOptions, slow: ReadonlySet<string>, started: number): Promise<ReadColumns> {
  const sink: IngestSink = { columns: new EventColumns(), bad: new BadRows() }
  const staged: StagedFile[] = []
  let rowsSoFar = 0
  const progress = (p: { step: string; done: number; unit?: string }) => options.onProgress?.({ ...p, done: rowsSoFar + p.done })
  let instance: DuckDBInstance | undefined
  let dir: string | undefined
  try {
    for (const [index, file] of inputs.entries()) {
      const eventsBefore = sink.columns.length
      let fast: TabularStaged | undefined
      if (file.format === 'jsonl') {
        const { rows } = await readJsonl(file, index, sink, options.map ?? {}, options.onProgress && progress)
        staged.push({ path: file.path, format: 'jsonl', rows, rejects: [], lineOf: (rn) => rn })
      } else if (file.format === 'csv' && options.csvReader !== 'duckdb' && !slow.has(file.path) &&
        (fast = await readCsvFast(file, index, sink, { map: options.map, preset: options.preset, onProgress: options.onProgress && progress, threads: options.threads ?? availableParallelism() }))) {
        staged.push({ path: file.path, format: file.format, rows: fast.rows, rejects: fast.rejects, lineOf: fast.lineOf })
      } else {
        if (!instance) {
          dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'auspex-ingest-'))
          // loaded on first use: JSON Lines and shard folders never need DuckDB (~0.1 s of a command's start)
          const { DuckDBInstance } = await import('@duckdb/node-api')
          instance = await DuckDBInstance.create(':memory:', duckdbConfig(options, dir))
        }
        const conn = await instance.connect()
        try {
          const r = await readTabular(conn, file, index, sink, { map: options.map, preset: options.preset, onProgress: options.onProgress && progress })
          staged.push({ path: file.path, format: file.format, rows: r.rows, rejects: r.rejects, lineOf: r.lineOf })
        } finally {
          conn.closeSync()
        }
      }
      staged[index]!.events = sink.columns.length - eventsBefore
      rowsSoFar += staged[index]!.rows
      options.onProgress?.({ step: 'read', done: rowsSoFar, unit: 'rows' })
    }
  } finally {
    instance?.closeSync()
    if (dir) await rm(dir, { recursive: true, force: true })
  }
  const summary = buildSummary(sink, staged, (performance.now() - started) / 1000)
  const badCounts = badPerFile(sink, staged)
  for (const [i, file] of staged.entries()) {
    const nBad = badCounts[i] ?? 0
    if (file.rows > 0 && nBad / file.rows > MOSTLY_BAD) throw mostlyBad(file, nBad, summary)
    if (file.rows > 0 && file.events === 0) throw noEvents(file, nBad, sink.bad.droppedPerFile[i] ?? 0)
  }
  return { columns: sink.columns, summary }
}

function duckdbConfig(options: IngestOptions, dir: string): Record<string, string> {
  const config: Record<string, string> = { temp_directory: join(dir, 'spill'), preserve_insertion_order: 'true' }
  // DuckDB reads on every core it is given while this thread encodes the chunks it has buffered (see `streamRows`):
  // the read is DuckDB-bound (its SQL takes 2-3 CPU-s per M rows of gzip CSV, the encoding under 0.5), and no other
  // thread of the command runs until the read is done.
  config.threads = String(options.threads ?? availableParallelism())
  config.memory_limit = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT
  return config
}

function mostlyBad(file: StagedFile, nBad: number, summary: IngestSummary): IngestError {
  const reasons = summary.bad
    .filter((b) => b.examples.some((e) => e.file === file.path))
    .slice(0, 3)
    .map((b) => `${b.reason} (${b.count}×, e.g. line ${b.examples.find((e) => e.file === file.path)?.line})`)
  const pct = Math.round((100 * nBad) / file.rows)
  return new IngestError('INGEST_MOSTLY_BAD',
    `${file.path}: ${nBad} of ${file.rows} rows (${pct} %) cannot be read; top reasons: ${reasons.join('; ')}. ` +
    'Check the file format and the column mapping (--map field=column or --preset), or fix the export')
}

/** A file with rows but not one event: every row lacked a profile id (or was bad), which is a mapping problem. */
function noEvents(file: StagedFile, nBad: number, dropped: number): IngestError {
  const parts = [`${dropped} without a profile id`, ...(nBad > 0 ? [`${nBad} unreadable`] : [])]
  const where = file.format === 'jsonl' ? 'a key path such as user.id' : 'a column or a SQL expression over the columns'
  return new IngestError('INGEST_NO_EVENTS',
    `${file.path}: none of its ${file.rows} rows is an event (${parts.join(', ')}). ` +
    `Map the profile id with --map profileId=<${where}> (or --preset), or check the export`)
}

/** An event source over a sorted event table. */
export function createSource(table: EventTable | null, summary: IngestSummary, options: IngestOptions = {}): EventSource {
  return {
    summary,
    async *profiles(opts: { before?: number } = {}) {
      if (!table) throw new IngestError('INGEST_READ_FAILED', 'the event source is closed; open it again with openEvents')
      yield* streamProfiles(table, opts.before, options.onProgress)
    },
    async close() {
      table = null
    },
  }
}
