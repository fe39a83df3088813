import type { DuckDBConnection } from '@duckdb/node-api'
import type { BadRowExample, IngestSummary } from '../types.ts'
import { NO_PROFILE } from './sql-fields.ts'
import type { RejectGroup } from './stage-tabular.ts'

/** What a reader reports about one staged file. */
export interface StagedFile {
  path: string
  format: 'csv' | 'jsonl' | 'parquet'
  rows: number
  rejects: RejectGroup[]
  lineOf: (rn: number) => number
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v))

/** Builds the {@link IngestSummary} from the staging table and the readers' reject reports. */
export async function buildSummary(conn: DuckDBConnection, files: StagedFile[], seconds: number): Promise<IngestSummary> {
  const totals = (await conn.runAndReadAll(`SELECT
      count(*) FILTER (WHERE reason IS NULL), count(DISTINCT pid) FILTER (WHERE reason IS NULL),
      count(*) FILTER (WHERE reason = '${NO_PROFILE}'), min(ts) FILTER (WHERE reason IS NULL), max(ts) FILTER (WHERE reason IS NULL)
    FROM ev`)).getRowsJson()[0]!
  const typeRows = (await conn.runAndReadAll(`SELECT type, count(*) FROM ev WHERE reason IS NULL GROUP BY type ORDER BY 2 DESC, 1`)).getRowsJson()
  const badRows = (await conn.runAndReadAll(`SELECT reason, count(*) AS n, list([file::VARCHAR, rn::VARCHAR, coalesce(detail, '')] ORDER BY file, rn)[1:5] AS ex
    FROM ev WHERE reason IS NOT NULL AND reason <> '${NO_PROFILE}' GROUP BY reason`)).getRowObjectsJson()

  const bad: IngestSummary['bad'] = []
  for (const row of badRows) {
    const examples: BadRowExample[] = (row.ex as string[][]).map(([f, rn, detail]) => {
      const file = files[Number(f)]!
      const message = file.format === 'jsonl' ? detail! : detail ? `${String(row.reason)} (got ${JSON.stringify(detail)})` : String(row.reason)
      return { file: file.path, line: file.format === 'jsonl' ? Number(rn) : file.lineOf(Number(rn)), message }
    })
    bad.push({ reason: String(row.reason), count: num(row.n), examples })
  }
  for (const file of files) {
    for (const g of file.rejects) {
      const examples = g.lines.map((line) => ({ file: file.path, line, message: g.message }))
      const existing = bad.find((b) => b.reason === g.reason)
      if (existing) { existing.count += g.count; existing.examples = [...existing.examples, ...examples].slice(0, 5) }
      else bad.push({ reason: g.reason, count: g.count, examples })
    }
  }
  bad.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))

  const typeCounts: Record<string, number> = {}
  for (const [type, n] of typeRows) typeCounts[String(type)] = num(n)
  return {
    files: files.map((f) => f.path),
    rowsRead: files.reduce((s, f) => s + f.rows, 0),
    events: num(totals[0]),
    profiles: num(totals[1]),
    droppedNoProfile: num(totals[2]),
    bad,
    typeCounts,
    firstTimestamp: totals[3] === null ? null : Number(totals[3]),
    lastTimestamp: totals[4] === null ? null : Number(totals[4]),
    seconds,
  }
}

/** Bad rows (including structural rejects) per file index. */
export async function badPerFile(conn: DuckDBConnection, files: StagedFile[]): Promise<number[]> {
  const rows = (await conn.runAndReadAll(`SELECT file, count(*) FROM ev WHERE reason IS NOT NULL AND reason <> '${NO_PROFILE}' GROUP BY file`)).getRowsJson()
  const out = files.map((f) => f.rejects.reduce((s, g) => s + g.count, 0))
  for (const [file, n] of rows) out[Number(file)] = (out[Number(file)] ?? 0) + num(n)
  return out
}
