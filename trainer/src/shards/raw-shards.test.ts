import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeShard } from '@auspex/shard'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRng } from '../cases/prng.ts'
import { readEventColumns, readEvents } from '../ingest/index.ts'
import { cutShard, partition } from './test-support/cut-from-table.ts'
import { orderShard } from './order-shard.ts'
import { scatterShards } from './raw-shards.ts'

let tmp = ''
let file = ''

/** Whether two byte arrays are equal (`toEqual` walks large typed arrays element by element: seconds here). */
const same = (a: Uint8Array, b: Uint8Array | undefined) => b !== undefined && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b)

/**
 * An export in no order at all: profiles of 1 to 120 events (past the insertion sort's 32), timestamps on whole
 * minutes (many ties, which arrival order breaks), items and an attribute column, empty values.
 */
function messyCsv(seed: number, profiles: number): string {
  const rng = createRng(seed)
  const rows: string[] = []
  for (let p = 0; p < profiles; p++) {
    const n = rng.chance(0.1) ? rng.int(33, 120) : rng.int(1, 12)
    for (let k = 0; k < n; k++) {
      const minute = rng.int(0, 600)
      const ts = new Date(Date.UTC(2024, 0, 1) + minute * 60_000).toISOString()
      const type = ['pageView', 'addToCart', 'purchase'][rng.int(0, 2)]
      const value = rng.chance(0.5) ? '' : String(rng.int(1, 99))
      const item = rng.chance(0.3) ? '' : `sku-${rng.int(0, 80)}`
      rows.push(`u${rng.int(0, profiles * 3)},${ts},${type},${value},${item},${['web', 'app', 'mail', ''][rng.int(0, 3)]}`)
    }
  }
  // shuffled: a profile's events spread over the file, out of time order
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.int(0, i)
    ;[rows[i], rows[j]] = [rows[j]!, rows[i]!]
  }
  return `profileId,timestamp,type,value,item,channel\n${rows.join('\n')}\n`
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'auspex-raw-shards-'))
  file = join(tmp, 'events.csv')
  await writeFile(file, messyCsv(5, 3000))
})
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

describe('scatterShards + orderShard', () => {
  it.each([1, 3, 17])('give, byte for byte, the %i shards cut from the sorted table', async (n) => {
    const { table, summary } = await readEvents([file])
    const expected = partition(table, n).map((m) => encodeShard(cutShard(table, m)))
    const { columns } = await readEventColumns([file])
    const raw = scatterShards(columns, n)
    expect(columns.length).toBe(0) // released once copied
    expect(raw.size).toBe(n)
    expect(Array.from({ length: n }, (_, i) => raw.events(i)).reduce((a, b) => a + b, 0)).toBe(summary.events)
    for (let i = 0; i < n; i++) {
      const shard = orderShard(raw.handOut(i))
      expect(shard.attributes.length).toBeGreaterThan(0)
      expect(same(encodeShard(shard), expected[i])).toBe(true)
    }
    // handing out leaves the shard as it was: a second hand-out orders the same
    expect(same(encodeShard(orderShard(raw.handOut(n - 1))), expected[n - 1])).toBe(true)
    const copy = raw.handOut(0)
    raw.release()
    expect(() => raw.handOut(0)).toThrow(/released/)
    expect(same(encodeShard(orderShard(copy)), expected[0])).toBe(true)
  })

  it('orders each profile by time, ties in file order (checked against a stable sort of the records), and the profiles by id', async () => {
    const { columns } = await readEventColumns([file])
    const raw = scatterShards(columns, 2).handOut(0)
    const f = raw.records
    const w = new Int32Array(f.buffer)
    // the expected events per profile: its records in file order, stable-sorted by time
    const byProfile = new Map<string, Array<{ t: number; item: string; attr: string; type: number }>>(raw.profiles.map((id) => [id, []]))
    for (let r = 0; r < f.length / 4; r++) {
      const item = w[r * 8 + 6]!
      const attr = w[r * 8 + 7]!
      byProfile.get(raw.profiles[w[r * 8 + 4]!]!)!.push({ t: f[r * 4]!, item: item < 0 ? '' : raw.items[item]!, attr: attr < 0 ? '' : raw.attributes[attr]!, type: w[r * 8 + 5]! })
    }
    // the raw shard lists its profiles as they arrived; the ordered one, by id
    const arrived = [...raw.profiles]
    expect(arrived).not.toEqual([...arrived].sort())
    const shard = orderShard(raw)
    expect([...shard.profiles].sort()).toEqual([...arrived].sort())
    let ties = 0
    for (let p = 0; p < shard.profiles.length; p++) {
      const expected = byProfile.get(shard.profiles[p]!)!.sort((a, b) => a.t - b.t)
      const got = []
      for (let e = shard.start[p]!; e < shard.start[p + 1]!; e++) {
        got.push({ t: shard.time[e]!, item: shard.item[e]! < 0 ? '' : shard.items[shard.item[e]!]!, attr: shard.attr[e]! < 0 ? '' : shard.attributes[shard.attr[e]!]!, type: shard.type[e]! })
        if (e > shard.start[p]! && shard.time[e] === shard.time[e - 1]) ties++
      }
      expect(got).toEqual(expected)
    }
    expect(ties).toBeGreaterThan(20)
    expect([...shard.profiles]).toEqual([...shard.profiles].sort())
  })
})
