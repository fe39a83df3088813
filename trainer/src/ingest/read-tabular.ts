import type { DuckDBConnection } from '@duckdb/node-api'
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { ProgressFn } from '../types.ts'
import { IngestError } from './errors.ts'
import { checkGzip } from './gzip-check.ts'
import type { IngestSink } from './ingest-sink.ts'
import { streamRows } from './tabular-rows.ts'
import { csvDelimiter, type InputFile } from './files.ts'
import { getPreset, presetForHeader, quoteIdent, quoteLiteral, referencedColumns, resolveMapping, EVENT_FIELDS } from './mapping.ts'
import { DETAIL_SQL, HASH_SQL, REASON_SQL, timestampSql } from './sql-fields.ts'

/** Structural CSV errors DuckDB rejected, grouped by reason, with their physical line numbers. */
export interface RejectGroup {
  reason: string
  lines: number[]
  count: number
  message: string
}

export interface TabularStaged {
  /** rows seen in the file (accepted + rejected) */
  rows: number
  rejects: RejectGroup[]
  /** the physical line of the n-th accepted row (1-based), for bad-row examples */
  lineOf: (rn: number) => number
  preset: string | undefined
}

const SCALAR = /^(VARCHAR|BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*|DATE|TIME|TIMESTAMP.*)$/

function reader(file: InputFile, types: Record<string, string>, index: number): string {
  const path = quoteLiteral(file.path)
  if (file.format === 'parquet') return `read_parquet(${path})`
  const typeList = Object.entries(types).map(([c, t]) => `${quoteLiteral(c)}: ${quoteLiteral(t)}`).join(', ')
  const typeArg = typeList ? `, types = {${typeList}}` : ''
  const rejects = index >= 0 ? `, store_rejects = true, rejects_table = 'rej_err_${index}', rejects_scan = 'rej_scan_${index}'` : ', ignore_errors = true'
  const delim = csvDelimiter(file) === '\t' ? '\\t' : ','
  return `read_csv(${path}, header = true, delim = '${delim}', quote = '"', escape = '"'${typeArg}${rejects})`
}

/**
 * Reads one CSV or Parquet file into the sink: maps columns to event fields in SQL, classifies every row
 * (valid, dropped without profile, or bad with a field-naming reason) and streams the result to JS as
 * numbers and hashes (see `streamRows`), one chunk at a time.
 */
export async function readTabular(conn: DuckDBConnection, file: InputFile, index: number, sink: IngestSink, options: TabularOptions): Promise<TabularStaged> {
  // a 0-byte CSV is an empty partition, as a header-only one is (DuckDB would see one nameless column and the
  // mapping would blame the missing profileId column); a 0-byte .gz or Parquet file is damaged and fails below
  if (file.format === 'csv' && !file.gzip && (await stat(file.path)).size === 0) return { rows: 0, rejects: [], lineOf: () => 0, preset: options.preset }
  if (!file.gzip) return readRows(conn, file, index, sink, options)
  // DuckDB reads a truncated gzip CSV up to the cut without an error: zlib checks the file in parallel
  const check = checkGzip(file.path)
  check.catch(() => undefined)
  try {
    const staged = await readRows(conn, file, index, sink, options)
    await check
    return staged
  } catch (cause) {
    await check
    throw cause
  }
}

type TabularOptions = { map?: Record<string, string>; preset?: string; onProgress?: ProgressFn }

async function readRows(conn: DuckDBConnection, file: InputFile, index: number, sink: IngestSink, options: TabularOptions): Promise<TabularStaged> {
  let described: Array<{ name: string; type: string }>
  try {
    const r = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${reader(file, {}, -1)}`)
    described = r.getRowObjectsJson().map((row) => ({ name: String(row.column_name), type: String(row.column_type) }))
  } catch (cause) {
    throw new IngestError('INGEST_READ_FAILED', `${file.path}: cannot read as ${file.format}${file.gzip ? ' (gzip)' : ''}: ${(cause as Error).message.split('\n')[0]}`, { cause })
  }
  const columns = described.map((c) => c.name)
  const preset = options.preset ? getPreset(options.preset) : (!options.map || Object.keys(options.map).length === 0 ? presetForHeader(columns) : undefined)
  const map = { ...(preset?.map ?? {}), ...(options.map ?? {}) }
  const mapping = resolveMapping(file.path, described.map((c) => ({ name: c.name, scalar: SCALAR.test(c.type) })), map)

  const text = new Set(preset?.textColumns ?? [])
  // Every CSV column feeding an id, type, time or attribute is read as text (ids keep leading zeros, odd values
  // reach our checks); columns only in `value` keep their sniffed type.
  for (const field of EVENT_FIELDS) {
    const expr = mapping.fields[field]
    if (expr === null) continue
    const plain = columns.find((c) => expr === quoteIdent(c))
    if (plain) text.add(plain)
    else if (field !== 'value') for (const c of referencedColumns(expr, columns)) text.add(c)
  }
  for (const [, expr] of mapping.attributes) for (const c of referencedColumns(expr, columns)) text.add(c)
  const types: Record<string, string> = {}
  for (const c of columns) if (text.has(c)) types[c] = 'VARCHAR'
  const src = reader(file, file.format === 'csv' ? types : {}, index)

  const f = mapping.fields
  const typeOf = (expr: string | null) => described.find((c) => expr === quoteIdent(c.name))?.type ?? ''
  // Typed columns (Parquet, sniffed CSV) skip the text round trip.
  const tsType = file.format === 'csv' ? '' : typeOf(f.timestamp)
  const typedTs = /^(TIMESTAMP|TIMESTAMP_MS|TIMESTAMP_NS|TIMESTAMP_S|TIMESTAMP WITH TIME ZONE|DATE)$/.test(tsType) ? 'time' : /^(BIGINT|INTEGER|HUGEINT|UBIGINT|DOUBLE)$/.test(tsType) ? 'number' : ''
  const typedValue = file.format !== 'csv' && /^(DOUBLE|FLOAT|INTEGER|BIGINT|SMALLINT|TINYINT|HUGEINT|DECIMAL.*)$/.test(typeOf(f.value))
  const tText = typedTs ? `CASE WHEN ${f.timestamp} IS NULL THEN NULL ELSE '(${tsType.toLowerCase()})' END` : `trim(TRY_CAST(${f.timestamp} AS VARCHAR))`
  const msSql = typedTs === 'time' ? `CAST(epoch_ms(${f.timestamp}) AS DOUBLE)` : typedTs === 'number' ? `CAST(${f.timestamp} AS DOUBLE)` : ''
  const attrs = mapping.attributes.length === 0 ? 'NULL' : `to_json(struct_pack(${mapping.attributes.slice(0, 64).map(([k, e]) => `${quoteIdent(k)} := ${e}`).join(', ')}))::VARCHAR`
  const sql = `WITH r AS (
      SELECT TRY_CAST(${f.profileId} AS VARCHAR) AS p, ${tText} AS t, ${typedTs ? msSql : 'NULL::DOUBLE'} AS ms0, TRY_CAST(${f.type} AS VARCHAR) AS y,
        ${typedValue ? 'NULL' : `TRY_CAST(${f.value ?? 'NULL'} AS VARCHAR)`} AS v, TRY_CAST(${f.value ?? 'NULL'} AS DOUBLE) AS vn,
        nullif(TRY_CAST(${f.item ?? 'NULL'} AS VARCHAR), '') AS i, ${attrs} AS a
      FROM ${src}),
    s AS (SELECT *, ${typedTs ? 'ms0' : timestampSql('t')} AS ms FROM r),
    c AS (SELECT *, ${REASON_SQL} AS reason FROM s)
    SELECT reason, ${HASH_SQL}, coalesce(ms, 'NaN'::DOUBLE), coalesce(vn, 'NaN'::DOUBLE),
      ${DETAIL_SQL}, p, y, i, a
    FROM c`
  let accepted: number
  try {
    accepted = await streamRows(conn, sql, index, sink, (rows) => options.onProgress?.({ step: `read ${basename(file.path)}`, done: rows, unit: 'rows' }))
  } catch (cause) {
    if (cause instanceof IngestError) throw cause
    const hint = Object.keys(map).length > 0 ? ' Check the --map expressions (SQL over the columns: ' + columns.join(', ') + ').' : ''
    throw new IngestError('INGEST_READ_FAILED', `${file.path}: cannot read: ${(cause as Error).message.split('\n')[0]}.${hint}`, { cause })
  }
  const rejects = file.format === 'csv' ? await readRejects(conn, index) : []
  const rejectLines = [...new Set(rejects.flatMap((g) => g.allLines))].sort((a, b) => a - b)
  const header = file.format === 'csv' ? 1 : 0
  const lineOf = (rn: number): number => {
    let line = rn + header
    for (const r of rejectLines) if (r <= line) line++; else break
    return line
  }
  return {
    rows: accepted + rejectLines.length,
    rejects: rejects.map(({ allLines, ...g }) => g),
    lineOf,
    preset: preset?.name,
  }
}

async function readRejects(conn: DuckDBConnection, index: number): Promise<Array<RejectGroup & { allLines: number[] }>> {
  const r = await conn.runAndReadAll(`SELECT error_type, any_value(column_name) AS col, list(DISTINCT line ORDER BY line) AS lines, min(error_message) AS msg
    FROM rej_err_${index} GROUP BY error_type ORDER BY error_type`)
  return r.getRowObjectsJson().map((row) => {
    const lines = (row.lines as string[]).map(Number)
    const type = String(row.error_type).toLowerCase().replace(/_/g, ' ')
    const reason = type === 'cast' && row.col ? `${String(row.col)}: cannot convert` : `row: ${type}`
    return { reason, lines: lines.slice(0, 5), allLines: lines, count: lines.length, message: String(row.msg ?? '').split('\n')[0]!.slice(0, 200) }
  })
}
