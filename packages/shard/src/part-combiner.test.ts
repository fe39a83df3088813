import { describe, expect, it } from 'vitest'
import type { CollectTask } from './collect-task.ts'
import type { DescribeTask } from './describe-task.ts'
import { PartCombiner } from './part-combiner.ts'
import { mergeParts, refineTask, runTask, tableProfiles, type PartOf } from './task.ts'
import { artifact, config, goal, plan, shardTables, shoppers } from './test-support/synthetic.ts'

const profiles = shoppers(400)
const collect: CollectTask = { kind: 'collect', goal, config, plan: plan(), seed: 5, maxExamples: 500, maxCutoffExamples: 50 }

/** Every shard's part, as an engine gets them: each task refined by the combiner's parts so far. */
async function combined<T extends CollectTask | DescribeTask>(task: T, n: number, reverse = false): Promise<{ result: PartOf<T>; combines: number }> {
  const tables = shardTables(profiles, n)
  if (reverse) tables.reverse()
  const combiner = new PartCombiner(task)
  let combines = 0
  for (const table of tables) {
    const before = combiner.parts.length
    combiner.add(await runTask(tableProfiles(table), refineTask(task, combiner.parts)))
    if (combiner.parts.length < before + 1) combines++
  }
  return { result: combiner.result()!, combines }
}

const plain = (xs: ReadonlyArray<{ features: Float32Array }>) => xs.map((x) => ({ ...x, features: Array.from(x.features) }))

describe('PartCombiner', () => {
  it('merges to the one-shard examples, combining far fewer times than once per part', async () => {
    const one = await runTask(tableProfiles(shardTables(profiles, 1)[0]!), collect)
    const expected = mergeParts(collect, [one])
    expect(expected.candidates).toBeGreaterThan(collect.maxExamples)
    for (const [n, reverse] of [[24, false], [48, true]] as const) {
      const { result, combines } = await combined(collect, n, reverse)
      const merged = mergeParts(collect, [result])
      expect(merged.candidates).toBe(expected.candidates)
      for (const split of ['train', 'stop', 'calibration', 'test'] as const) expect(plain(merged[split])).toEqual(plain(expected[split]))
      expect(combines).toBeGreaterThan(0)
      expect(combines).toBeLessThan(n / 2)
    }
  })

  it('describe parts: the same population and rows as one shard', async () => {
    const task: DescribeTask = { kind: 'describe', artifact: artifact(), end: plan().end, seed: 5, maxRows: 40 }
    const expected = mergeParts(task, [await runTask(tableProfiles(shardTables(profiles, 1)[0]!), task)])
    const merged = mergeParts(task, [(await combined(task, 16)).result])
    expect(Array.from(merged.population).sort()).toEqual(Array.from(expected.population).sort())
    expect(merged.rows.map((r) => Array.from(r))).toEqual(expected.rows.map((r) => Array.from(r)))
  })
})
