import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { normalizeEvent } from '@auspex/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IngestOptions, IngestSummary, ProfileEvents } from '../types.ts'
import { openEvents } from './open-events.ts'

/** Aliases from every vocabulary, and the canonical type normalizeEvent makes of each. */
const ROWS: ReadonlyArray<[string, string]> = [
  ['pageView', 'pageView'], ['page_view', 'pageView'], ['add_to_cart', 'addToCart'], ['Product Added', 'addToCart'],
  ['commerce.productListAdds', 'addToCart'], ['Order Completed', 'purchase'], ['purchase', 'purchase'],
  ['commerce.purchases', 'purchase'], ['refund', 'return'], ['Order Refunded', 'return'], ['signup', 'signup'],
]

let tmp = ''
beforeAll(async () => { tmp = await mkdtemp(join(tmpdir(), 'auspex-canonical-types-')) })
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

async function read(path: string, options: IngestOptions = {}): Promise<{ summary: IngestSummary; profiles: ProfileEvents[] }> {
  const source = await openEvents([path], options)
  const profiles: ProfileEvents[] = []
  for await (const p of source.profiles()) profiles.push({ profileId: p.profileId, events: [...p.events] })
  await source.close()
  return { summary: source.summary, profiles }
}

const at = (i: number): number => Date.UTC(2021, 0, 1, 0, i)
const expected = ROWS.map(([, type]) => type)
const counts = { purchase: 3, addToCart: 3, pageView: 2, return: 2, signup: 1 }

/** The types of the events in file order, and that every event is what normalizeEvent makes of it. */
function typesOf(profiles: ProfileEvents[]): string[] {
  const events = profiles.flatMap((p) => p.events)
  for (const e of events) {
    const r = normalizeEvent(e)
    expect(r.ok && r.event).toEqual(e)
  }
  return events.map((e) => e.type)
}

describe('every ingest path gives canonical event types', () => {
  it('CSV (DuckDB path)', async () => {
    const path = join(tmp, 'aliases.csv')
    await writeFile(path, ['profileId,timestamp,type,value', ...ROWS.map(([t], i) => `p1,${new Date(at(i)).toISOString()},${t},1`)].join('\n') + '\n')
    const { summary, profiles } = await read(path)
    expect(typesOf(profiles)).toEqual(expected)
    expect(summary.typeCounts).toEqual(counts)
    expect(Object.keys(summary.typeCounts)).toEqual(['addToCart', 'purchase', 'pageView', 'return', 'signup'])
  })

  it('CSV with --map (SQL expressions)', async () => {
    const path = join(tmp, 'mapped.csv')
    await writeFile(path, ['who,when,what', ...ROWS.map(([t], i) => `p1,${new Date(at(i)).toISOString()},${t}`)].join('\n') + '\n')
    const { profiles } = await read(path, { map: { profileId: 'who', timestamp: 'when', type: 'what' } })
    expect(typesOf(profiles)).toEqual(expected)
  })

  it('Parquet (typed columns)', async () => {
    const path = join(tmp, 'aliases.parquet')
    const db = await DuckDBInstance.create(':memory:')
    const conn = await db.connect()
    const values = ROWS.map(([t], i) => `('p1', TIMESTAMP '${new Date(at(i)).toISOString().slice(0, 19).replace('T', ' ')}', '${t}')`).join(', ')
    await conn.run(`COPY (SELECT * FROM (VALUES ${values}) v(profileId, "timestamp", type)) TO '${path}' (FORMAT parquet)`)
    db.closeSync()
    const { summary, profiles } = await read(path)
    expect(typesOf(profiles)).toEqual(expected)
    expect(summary.typeCounts).toEqual(counts)
  })

  it('JSON Lines: the flat fast path and the general path (forced by an identity --map) agree', async () => {
    const path = join(tmp, 'aliases.jsonl')
    await writeFile(path, ROWS.map(([t], i) => JSON.stringify({ profileId: 'p1', timestamp: at(i), type: t })).join('\n') + '\n')
    const fast = await read(path)
    const general = await read(path, { map: { profileId: 'profileId' } })
    expect(typesOf(fast.profiles)).toEqual(expected)
    expect(fast.profiles).toEqual(general.profiles)
    expect({ ...fast.summary, seconds: 0 }).toEqual({ ...general.summary, seconds: 0 })
    expect(fast.summary.typeCounts).toEqual(counts)
  })

  it('a CSV and a JSON Lines file naming one type differently count it as one type', async () => {
    const csv = join(tmp, 'one.csv')
    const jsonl = join(tmp, 'two.jsonl')
    await writeFile(csv, `profileId,timestamp,type\np1,2021-01-01T00:00:00Z,Order Completed\n`)
    await writeFile(jsonl, `${JSON.stringify({ profileId: 'p2', timestamp: at(5), type: 'purchase' })}\n`)
    const source = await openEvents([csv, jsonl])
    expect(source.summary.typeCounts).toEqual({ purchase: 2 })
    await source.close()
  })
})
