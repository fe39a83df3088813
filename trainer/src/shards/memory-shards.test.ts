import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeShard, encodeShard, gunzip, gzip } from '@auspex/shard'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repurchaseCase } from '../cases/index.ts'
import type { SurveyTask } from '@auspex/shard'
import type { ShardResult, ShardSet } from '../engine/engine.ts'
import { createLocalEngine } from '../engine/local-engine.ts'
import { readEventColumns, readEvents } from '../ingest/index.ts'
import type { IngestSummary } from '../types.ts'
import { cutShard, partition } from './test-support/cut-from-table.ts'
import { MemoryShardStore } from './memory-shards.ts'
import { orderShard } from './order-shard.ts'
import { scatterShards } from './raw-shards.ts'

let tmp = ''
let file = ''
let expected: Uint8Array[]
let summary: IngestSummary
let goal: ReturnType<typeof repurchaseCase>['goal']
const N = 5

/** A store of the export's N shards, read afresh (scattering consumes what was read). */
async function storeOf(keep: boolean): Promise<MemoryShardStore> {
  const { columns } = await readEventColumns([file])
  return new MemoryShardStore(scatterShards(columns, N), { keep })
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'auspex-memory-shards-'))
  file = join(tmp, 'events.jsonl')
  const c = repurchaseCase(3, 300)
  goal = c.goal
  await writeFile(file, c.events.map((e) => JSON.stringify({ ...e, timestamp: new Date(e.timestamp).toISOString() })).join('\n') + '\n')
  const read = await readEvents([file])
  summary = read.summary
  // what the shards must be: cut from the sorted table
  expected = partition(read.table, N).map((m) => encodeShard(cutShard(read.table, m)))
})
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

/** Until the background compressions have settled. */
const settled = () => new Promise((r) => setTimeout(r, 200))

describe('MemoryShardStore', () => {
  it('keep: hands out each shard\'s records asking for it gzip\'d back, then, all kept, drops them and serves the same shards', async () => {
    const store = await storeOf(true)
    expect(store.events.reduce((a, b) => a + b, 0)).toBe(summary.events)
    const handedOut = Array.from({ length: N }, (_, i) => {
      const first = store.handOut(i)
      if (first.stored) throw new Error('stored before any was put')
      expect(first.store).toBe(true)
      const bytes = encodeShard(orderShard(first.raw))
      expect(bytes).toEqual(expected[i])
      return bytes
    })
    // as a worker does: gzip'd and handed back; the raw shards stay until the last one, then are freed
    const copy = store.handOut(0)
    if (copy.stored) throw new Error('stored')
    for (let i = 0; i < N; i++) {
      expect(store.holdsRaw).toBe(true)
      store.put(i, await gzip(handedOut[i]!))
    }
    expect(store.holdsRaw).toBe(false)
    expect(copy.raw.records.length).toBeGreaterThan(0) // a hand-out is a copy: freeing the shards leaves it
    for (let i = 0; i < N; i++) {
      const again = store.handOut(i)
      if (!again.stored) throw new Error('not stored')
      expect(await gunzip(again.bytes)).toEqual(expected[i])
      expect(await store.table(i)).toEqual(decodeShard(expected[i]!, 'expected'))
      expect(await store.stored(i)).toBe(again.bytes)
    }
  })

  it('without keep: every hand-out copies the records again, and the raw shards stay', async () => {
    const store = await storeOf(false)
    for (let i = 0; i < N; i++) expect(store.handOut(i)).toMatchObject({ stored: false, store: false })
    await settled()
    expect(store.holdsRaw).toBe(true)
    const twice = [store.handOut(0), store.handOut(0)]
    for (const h of twice) {
      if (h.stored) throw new Error('stored')
      expect(encodeShard(orderShard(h.raw))).toEqual(expected[0])
    }
    expect(await gunzip(await store.stored(2))).toEqual(expected[2])
    expect(encodeShard(await store.table(3))).toEqual(expected[3])
  })

  it('through the local engine: the workers group each shard and gzip it back on its first phase, so one pass drops the raw shards and the next reads the stored ones', async () => {
    const store = await storeOf(true)
    const shards: ShardSet = { kind: 'memory', summary, events: store.events, store }
    const engine = createLocalEngine(2)
    try {
      const task: SurveyTask = { kind: 'survey', goal, end: Number.MAX_SAFE_INTEGER }
      const first: Array<ShardResult<SurveyTask>> = []
      for await (const r of engine.run(shards, task)) first.push(r)
      expect(store.holdsRaw).toBe(false)
      for (let i = 0; i < N; i++) {
        const stored = store.handOut(i)
        if (!stored.stored) throw new Error('not stored')
        expect(await gunzip(stored.bytes)).toEqual(expected[i])
      }
      const second: Array<ShardResult<SurveyTask>> = []
      for await (const r of engine.run(shards, task)) second.push(r)
      const byIndex = (rs: typeof first) => [...rs].sort((a, b) => a.index - b.index).map((r) => r.part)
      expect(byIndex(second)).toEqual(byIndex(first))
    } finally {
      await engine.close()
    }
  })
})
