import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compileGoal, createFeatureConfig } from '@auspex/core'
import { mergeParts, type CollectTask, type Example } from '@auspex/shard'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repurchaseCase } from '../cases/index.ts'
import { readEventColumns } from '../ingest/index.ts'
import { planSplits } from '../model/split.ts'
import { MemoryShardStore } from '../shards/memory-shards.ts'
import { scatterShards } from '../shards/raw-shards.ts'
import type { ProgressFn } from '../types.ts'
import type { ShardSet } from './engine.ts'
import { createLocalEngine, type LocalEngine } from './local-engine.ts'
import { enginePhases } from './phase-runner.ts'

const SHARDS = 8
let tmp = ''
let engine: LocalEngine
let shards: Extract<ShardSet, { kind: 'memory' }>
let task: CollectTask

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'auspex-phase-runner-'))
  const file = join(tmp, 'events.jsonl')
  const c = repurchaseCase(3, 600)
  await writeFile(file, c.events.map((e) => JSON.stringify({ ...e, timestamp: new Date(e.timestamp).toISOString() })).join('\n') + '\n')
  const { columns, summary } = await readEventColumns([file])
  const store = new MemoryShardStore(scatterShards(columns, SHARDS), { keep: true })
  shards = { kind: 'memory', summary, events: store.events, store }
  const plan = planSplits(compileGoal(c.goal), summary.firstTimestamp!, summary.lastTimestamp! + 1)
  task = { kind: 'collect', goal: c.goal, config: createFeatureConfig({ eventTypes: ['purchase'] }), plan, seed: 7, maxExamples: 500 }
  engine = createLocalEngine(2)
})
afterAll(async () => {
  await engine.close()
  await rm(tmp, { recursive: true, force: true })
})

/** The collect phase on the engine, as training runs it, on shards whose summary claims `events` events. */
async function collect(events: number) {
  const steps: string[] = []
  const onProgress: ProgressFn = (p) => { steps.push(p.step) }
  const claimed: ShardSet = { ...shards, summary: { ...shards.summary, events } }
  const parts = await enginePhases(engine, claimed, onProgress)(task)
  return { merged: mergeParts(task, parts), steps }
}

const plain = (xs: readonly Example[]) => xs.map((x) => ({ ...x, features: Array.from(x.features) }))

describe('the collect phase on an engine: speculative bound, corrected, then topped up', () => {
  it('a guess far too tight (the export claims 1000× its events): only the shards that ran before the correction are topped up, and the sample is exactly the unbounded one', async () => {
    // summary events 0: no speculation, every shard bounded only by the parts merged before it (exact)
    const exact = await collect(0)
    expect(exact.merged.candidates).toBeGreaterThan(4 * task.maxExamples)
    expect(exact.steps.some((s) => s.includes('too tight'))).toBe(false)
    const tight = await collect(shards.summary.events * 1000)
    const topped = tight.steps.find((s) => s.includes('too tight'))
    expect(topped).toBeDefined()
    const [, k] = /for (\d+) of (\d+) shards/.exec(topped!) ?? []
    // the first shards dispatched (one per thread) had no part to correct the guess by; the later ones did
    expect(Number(k)).toBeGreaterThanOrEqual(1)
    expect(Number(k)).toBeLessThan(SHARDS)
    expect(tight.merged.candidates).toBe(exact.merged.candidates)
    for (const split of ['train', 'stop', 'calibration', 'test'] as const) {
      expect(plain(tight.merged[split])).toEqual(plain(exact.merged[split]))
    }
    expect(tight.merged.train.length + tight.merged.stop.length).toBe(task.maxExamples)
  })

  it('a guess that holds (the export claims 2× its events): no top-up, the same sample', async () => {
    const exact = await collect(0)
    const loose = await collect(shards.summary.events * 2)
    expect(loose.steps.some((s) => s.includes('too tight'))).toBe(false)
    expect(plain(loose.merged.train)).toEqual(plain(exact.merged.train))
  })

})
