import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { BadRows } from './bad-rows.ts'
import { IngestError } from './errors.ts'
import { EventColumns, F64, I32 } from './event-columns.ts'
import type { IngestSink } from './ingest-sink.ts'
import { streamRows } from './tabular-rows.ts'

let db: DuckDBInstance
let conn: DuckDBConnection

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:', { threads: '1' })
  conn = await db.connect()
})
afterAll(() => {
  conn.closeSync()
  db.closeSync()
})

/** A reader query's columns (see `read-tabular.ts`) over `range(n)`: profile `p{range % 7}`, time = range, every 1000th row bad. */
function readerSql(n: number, reason = `CASE WHEN range % 1000 = 999 THEN 4 ELSE 0 END::INTEGER`): string {
  return `SELECT ${reason}, hash('p' || (range % 7)), hash('~p' || (range % 7)), hash('view'), 0::UBIGINT, 0::UBIGINT,
      range::DOUBLE, 'NaN'::DOUBLE, 'row ' || range, 'p' || (range % 7), 'view', NULL::VARCHAR, NULL::VARCHAR
    FROM range(${n})`
}

const sink = (): IngestSink => ({ columns: new EventColumns(), bad: new BadRows() })

describe('streamRows', () => {
  it('streams every chunk in order while the next one is being read (10 000 rows, 5 chunks)', async () => {
    const s = sink()
    const rows = await streamRows(conn, readerSql(10_000), 0, s)
    expect(rows).toBe(10_000)
    const c = s.columns
    expect(c.length).toBe(10_000 - 10)
    expect(s.bad.reasons.get('timestamp: cannot read; use ISO 8601 (e.g. "2011-01-01T09:30:00Z") or epoch milliseconds')?.examples.map((e) => e.rn)).toEqual([1000, 2000, 3000, 4000, 5000])
    // arrival order is file order: times rise with the record index, skipping the bad rows
    const f = c.f64[0]!
    const w = c.i32[0]!
    let expected = 0
    for (let r = 0; r < c.length; r++) {
      if (expected % 1000 === 999) expected++
      expect(f[r * F64.stride + F64.ts]).toBe(expected)
      expect(c.profiles.values[w[r * I32.stride + I32.profile]!]).toBe(`p${expected % 7}`)
      expected++
    }
    expect(c.profiles.size).toBe(7)
    expect([...c.profileCounts.subarray(0, 7)].reduce((a, b) => a + b, 0)).toBe(c.length)
  })

  it('fails with an IngestError, and no unhandled rejection, when a chunk cannot be encoded while the next read fails', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => { unhandled.push(reason) }
    process.on('unhandledRejection', onUnhandled)
    try {
      // A real first chunk whose reason column is text (cannot be encoded); the read of the next one fails.
      const real = await conn.stream(readerSql(100, `'x'`))
      const first = await real.fetchChunk()
      let fetches = 0
      const failing = {
        run: async () => undefined,
        stream: async () => ({ fetchChunk: () => (fetches++ === 0 ? Promise.resolve(first) : Promise.reject(new Error('read failed'))) }),
      } as unknown as DuckDBConnection
      const error = await streamRows(failing, 'SELECT 1', 0, sink()).then(() => undefined, (e: unknown) => e)
      expect(fetches).toBe(2)
      expect(error).toBeInstanceOf(IngestError)
      expect((error as IngestError).message).toMatch(/VARCHAR vector where INTEGER was expected/)
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})
