import type { DuckDBConnection } from '@duckdb/node-api'
import type { ProgressFn } from '../types.ts'
import { runWithProgress } from './run-with-progress.ts'

/** Dictionaries for the integer codes of the sorted table: index = code. */
export interface Dictionaries {
  profiles: string[]
  types: string[]
  items: string[]
  /** attribute documents as JSON text */
  attributes: string[]
}

async function dictionary(conn: DuckDBConnection, table: string, column: string): Promise<string[]> {
  await conn.run(`CREATE TABLE ${table} AS SELECT ${column} AS k, (row_number() OVER (ORDER BY ${column}) - 1)::INTEGER AS code
    FROM (SELECT DISTINCT ${column} FROM ev WHERE reason IS NULL AND ${column} IS NOT NULL)`)
  const reader = await conn.runAndReadAll(`SELECT k FROM ${table} ORDER BY code`)
  return reader.getColumnsJS()[0]?.map(String) ?? []
}

/**
 * Builds `evs`: the valid staged events, sorted once by (profile, time, file, row), with profile, type,
 * item and attributes replaced by integer codes (−1 = absent) and a missing value as NaN, so streaming
 * reads only numbers. Profile codes follow the sorted profile ids. Drops the string-heavy `ev` rows.
 */
export async function buildSortedTable(conn: DuckDBConnection, onProgress?: ProgressFn): Promise<Dictionaries> {
  const profiles = await dictionary(conn, 'd_pid', 'pid')
  const types = await dictionary(conn, 'd_type', 'type')
  const items = await dictionary(conn, 'd_item', 'item')
  const attributes = await dictionary(conn, 'd_attrs', 'attrs')
  await runWithProgress(conn, `CREATE TABLE evs AS
    SELECT p.code AS pc, e.ts, t.code AS tc, coalesce(e.value, 'NaN'::DOUBLE) AS value, coalesce(i.code, -1) AS ic, coalesce(a.code, -1) AS ac
    FROM ev e JOIN d_pid p ON p.k = e.pid JOIN d_type t ON t.k = e.type
      LEFT JOIN d_item i ON i.k = e.item LEFT JOIN d_attrs a ON a.k = e.attrs
    WHERE e.reason IS NULL
    ORDER BY p.code, e.ts, e.file, e.rn`, 'sort', onProgress)
  await conn.run('DROP TABLE ev; DROP TABLE d_pid; DROP TABLE d_type; DROP TABLE d_item; DROP TABLE d_attrs; CHECKPOINT')
  return { profiles, types, items, attributes }
}
