import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeShard, encodeShard, gunzip, gzip } from '@auspex/shard'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repurchaseCase } from '../cases/index.ts'
import type { SurveyTask } from '@auspex/shard'
import type { ShardResult, ShardSet } from '../engine/engine.ts'
import { createLocalEngine } from '../engine/local-engine.ts'
import { readEvents } from '../ingest/index.ts'
import type { EventTable } from '../ingest/sort-events.ts'
import type { IngestSummary } from '../types.ts'
import { cutShard, partition } from './cut-shards.ts'
import { MemoryShardStore } from './memory-shards.ts'

let tmp = ''
let table: EventTable
let summary: IngestSummary
let goal: ReturnType<typeof repurchaseCase>['goal']
const N = 5

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'auspex-memory-shards-'))
  const file = join(tmp, 'events.jsonl')
  const c = repurchaseCase(3, 300)
  goal = c.goal
  await writeFile(file, c.events.map((e) => JSON.stringify({ ...e, timestamp: new Date(e.timestamp).toISOString() })).join('\n') + '\n')
  const read = await readEvents([file])
  table = read.table
  summary = read.summary
})
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

/** Until the background compressions have settled. */
const settled = () => new Promise((r) => setTimeout(r, 200))

describe('MemoryShardStore', () => {
  it('keep: hands out each shard cut from the table asking for it gzip\'d back, then, all kept, drops the table and serves the same shards', async () => {
    const members = partition(table, N)
    const expected = members.map((m) => encodeShard(cutShard(table, m)))
    const store = new MemoryShardStore(table, members, { keep: true })
    expect(store.events.reduce((a, b) => a + b, 0)).toBe(table.start[table.profiles.length])
    const handedOut = Array.from({ length: N }, (_, i) => {
      const first = store.bytes(i)
      expect(first).toMatchObject({ stored: false, store: true })
      expect(first.bytes).toEqual(expected[i])
      return first.bytes
    })
    // as a worker does: gzip'd and handed back; the table stays until the last one
    for (let i = 0; i < N; i++) {
      expect(store.holdsTable).toBe(true)
      store.put(i, await gzip(handedOut[i]!))
    }
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
    for (let i = 0; i < N; i++) expect(store.bytes(i)).toMatchObject({ stored: false, store: false })
    await settled()
    expect(store.holdsTable).toBe(true)
    expect(store.bytes(0).stored).toBe(false)
    expect(await gunzip(await store.stored(2))).toEqual(encodeShard(cutShard(table, members[2]!)))
  })

  it('through the local engine: the workers gzip each shard back on its first phase, so one pass drops the table and the next reads the stored shards', async () => {
    const members = partition(table, N)
    const store = new MemoryShardStore(table, members, { keep: true })
    const shards: ShardSet = { kind: 'memory', summary, events: store.events, store }
    const engine = createLocalEngine(2)
    try {
      const task: SurveyTask = { kind: 'survey', goal, end: Number.MAX_SAFE_INTEGER }
      const first: Array<ShardResult<SurveyTask>> = []
      for await (const r of engine.run(shards, task)) first.push(r)
      expect(store.holdsTable).toBe(false)
      for (let i = 0; i < N; i++) {
        const stored = store.bytes(i)
        expect(stored.stored).toBe(true)
        expect(await gunzip(stored.bytes)).toEqual(encodeShard(cutShard(table, members[i]!)))
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
