/**
 * DuckDB's reader keeps the file's order of rows: a profile's events with equal timestamps (common: dates, whole
 * seconds) then keep their order, so features and scores do not change from run to run. A `t IN (…)` in the reader
 * query once became a hash join that shuffled them (2 threads: every row after the first 2,048).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { readEvents } from './open-events.ts'
import { quoteLiteral } from './mapping.ts'

let dir = ''
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'auspex-duckdb-order-')) })
afterAll(() => rm(dir, { recursive: true, force: true }))

/** Each profile's items in the order its events come out of the sorted table. */
async function itemOrder(path: string): Promise<string[][]> {
  const { table: t } = await readEvents([path], { csvReader: 'duckdb', threads: 2 })
  return t.profiles.map((_, p) => Array.from({ length: t.start[p + 1]! - t.start[p]! }, (_, k) => t.items[t.i32[(t.start[p]! + k) * 8 + 6]!]!))
}

it('CSV and Parquet read by DuckDB keep the file order of events with equal timestamps', async () => {
  const lines = ['profileId,timestamp,type,value,item']
  // 200 k rows (enough for DuckDB to read in parallel), 50 profiles, three distinct days: thousands of ties each
  for (let k = 0; k < 200_000; k++) lines.push(`p${(k * 7) % 50},2011-01-0${1 + (k % 3)},view,1.5,${String(k).padStart(6, '0')}`)
  const csv = join(dir, 'ties.csv')
  await writeFile(csv, lines.join('\n') + '\n')
  const parquet = join(dir, 'ties.parquet')
  const db = await DuckDBInstance.create(':memory:')
  const conn = await db.connect()
  await conn.run(`COPY (SELECT * FROM read_csv(${quoteLiteral(csv)}, header = true, types = {'item': 'VARCHAR'})) TO ${quoteLiteral(parquet)} (FORMAT parquet, ROW_GROUP_SIZE 2048)`)
  db.closeSync()
  for (const path of [csv, parquet]) {
    const order = await itemOrder(path)
    expect(order).toHaveLength(50)
    for (const items of order) {
      // within a day, file order; across days, time order: sorting by (day, row) gives the expected sequence
      const expected = [...items].sort((a, b) => (Number(a) % 3) - (Number(b) % 3) || Number(a) - Number(b))
      expect(items, path).toEqual(expected)
    }
  }
}, 60_000)
