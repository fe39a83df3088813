import type { DuckDBConnection } from '@duckdb/node-api'
import type { ProgressFn } from '../types.ts'

/**
 * Runs a statement (DuckDB works off the event loop) while polling the connection's query progress
 * every `intervalMs`, reported as step `step` in rows processed.
 */
export async function runWithProgress(conn: DuckDBConnection, sql: string, step: string, onProgress?: ProgressFn, intervalMs = 1000): Promise<void> {
  if (!onProgress) {
    await conn.run(sql)
    return
  }
  const timer = setInterval(() => {
    const p = conn.progress
    if (p.rows_processed > 0n) onProgress({ step, done: Number(p.rows_processed), unit: 'rows' })
  }, intervalMs)
  try {
    await conn.run(sql)
  } finally {
    clearInterval(timer)
  }
}
