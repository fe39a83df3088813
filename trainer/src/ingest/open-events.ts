import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import type { EventSource, IngestOptions, IngestSummary } from '../types.ts'
import { IngestError } from './errors.ts'
import { expandInputs } from './files.ts'
import { getPreset } from './mapping.ts'
import { streamProfiles } from './profile-stream.ts'
import { STAGING_DDL } from './sql-fields.ts'
import { buildSortedTable, type Dictionaries } from './sorted-table.ts'
import { stageJsonl } from './stage-jsonl.ts'
import { stageTabular } from './stage-tabular.ts'
import { badPerFile, buildSummary, type StagedFile } from './summary.ts'

/** DuckDB's memory limit unless `memoryLimit` is given: staging spills to disk beyond it (keeps 10 M events < 2 GB). */
export const DEFAULT_MEMORY_LIMIT = '1GB'

/** Share of bad rows above which a file is refused. */
export const MOSTLY_BAD = 0.5

/**
 * Opens an event export (JSON Lines, CSV or Parquet, optionally gzipped; files or folders) for streaming.
 * Rows are staged in an in-memory DuckDB database that spills to a temporary folder beyond `memoryLimit`;
 * {@link EventSource.profiles} streams them back sorted by profile and time, one chunk at a time. The summary is complete
 * when the promise resolves. Call `close()` to free the staging database.
 * @throws IngestError for missing files, unknown formats, bad mappings, unreadable files, or a file where
 *   more than half the rows are bad (`INGEST_MOSTLY_BAD`).
 * @example const source = await openEvents(['data/online-retail/online_retail.csv.gz'], {})
 */
export async function openEvents(paths: string[], options: IngestOptions = {}): Promise<EventSource> {
  const started = performance.now()
  if (options.preset) getPreset(options.preset)
  const inputs = await expandInputs(paths)
  const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'auspex-ingest-'))
  const config: Record<string, string> = { temp_directory: join(dir, 'spill'), preserve_insertion_order: 'true' }
  if (options.threads) config.threads = String(options.threads)
  config.memory_limit = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT
  let instance: DuckDBInstance | undefined
  try {
    instance = await DuckDBInstance.create(':memory:', config)
    const conn = await instance.connect()
    if (options.onProgress) await conn.run("SET enable_progress_bar = true; SET enable_progress_bar_print = false")
    await conn.run(STAGING_DDL)
    const staged: StagedFile[] = []
    let rowsSoFar = 0
    for (const [index, file] of inputs.entries()) {
      if (file.format === 'jsonl') {
        const { rows } = await stageJsonl(conn, file, index, options.map ?? {}, options.onProgress && ((p) => options.onProgress!({ ...p, done: rowsSoFar + p.done })))
        staged.push({ path: file.path, format: 'jsonl', rows, rejects: [], lineOf: (rn) => rn })
      } else {
        const r = await stageTabular(conn, file, index, { map: options.map, preset: options.preset, onProgress: options.onProgress })
        staged.push({ path: file.path, format: file.format, rows: r.rows, rejects: r.rejects, lineOf: r.lineOf })
      }
      rowsSoFar += staged[index]!.rows
      options.onProgress?.({ step: 'read', done: rowsSoFar, unit: 'rows' })
    }
    const seconds = (performance.now() - started) / 1000
    const summary = await buildSummary(conn, staged, seconds)
    const badCounts = await badPerFile(conn, staged)
    for (const [i, file] of staged.entries()) {
      const nBad = badCounts[i] ?? 0
      if (file.rows > 0 && nBad / file.rows > MOSTLY_BAD) throw mostlyBad(file, nBad, summary)
    }
    const dict = await buildSortedTable(conn, options.onProgress)
    summary.seconds = (performance.now() - started) / 1000
    conn.closeSync()
    return createSource(instance, dir, summary, dict, options)
  } catch (error) {
    instance?.closeSync()
    await rm(dir, { recursive: true, force: true })
    throw error
  }
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

function createSource(instance: DuckDBInstance, dir: string, summary: IngestSummary, dict: Dictionaries, options: IngestOptions): EventSource {
  let closed = false
  return {
    summary,
    async *profiles(opts: { before?: number } = {}) {
      if (closed) throw new IngestError('INGEST_READ_FAILED', 'the event source is closed; open it again with openEvents')
      if (summary.events === 0) return
      const conn = await instance.connect()
      try {
        yield* streamProfiles(conn, dict, opts.before, options.onProgress)
      } finally {
        conn.closeSync()
      }
    },
    async close() {
      if (closed) return
      closed = true
      instance.closeSync()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
