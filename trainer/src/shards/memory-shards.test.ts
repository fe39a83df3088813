import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeShard, encodeShard, gunzip } from '@auspex/shard'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repurchaseCase } from '../cases/index.ts'
import { readEvents } from '../ingest/index.ts'
import type { EventTable } from '../ingest/sort-events.ts'
import { cutShard, partition } from './cut-shards.ts'
import { MemoryShardStore } from './memory-shards.ts'

let tmp = ''
let table: EventTable
const N = 5

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'auspex-memory-shards-'))
  const file = join(tmp, 'events.jsonl')
  await writeFile(file, repurchaseCase(3, 300).events.map((e) => JSON.stringify({ ...e, timestamp: new Date(e.timestamp).toISOString() })).join('\n') + '\n')
  table = (await readEvents([file])).table
})
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

/** Until the background compressions have settled. */
const settled = () => new Promise((r) => setTimeout(r, 200))

describe('MemoryShardStore', () => {
  it('keep: hands out each shard cut from the table, stores it gzip\'d meanwhile, then drops the table and serves the same shards', async () => {
    const members = partition(table, N)
    const expected = members.map((m) => encodeShard(cutShard(table, m)))
    const store = new MemoryShardStore(table, members, { keep: true })
    expect(store.events.reduce((a, b) => a + b, 0)).toBe(table.start[table.profiles.length])
    for (let i = 0; i < N; i++) {
      const first = store.bytes(i)
      expect(first.stored).toBe(false)
      expect(first.bytes).toEqual(expected[i])
    }
    await settled()
    expect(store.holdsTable).toBe(false)
    for (let i = 0; i < N; i++) {
      const again = store.bytes(i)
      expect(again.stored).toBe(true)
      expect(await gunzip(again.bytes)).toEqual(expected[i])
      expect(await store.table(i)).toEqual(decodeShard(expected[i]!, 'expected'))
      expect(await store.stored(i)).toBe(again.bytes)
    }
  })

  it('without keep: every read cuts from the table again, which it keeps', async () => {
    const members = partition(table, N)
    const store = new MemoryShardStore(table, members, { keep: false })
    for (let i = 0; i < N; i++) expect(store.bytes(i).stored).toBe(false)
    await settled()
    expect(store.holdsTable).toBe(true)
    expect(store.bytes(0).stored).toBe(false)
    expect(await gunzip(await store.stored(2))).toEqual(encodeShard(cutShard(table, members[2]!)))
  })
})
