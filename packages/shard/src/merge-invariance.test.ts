import { describe, expect, it } from 'vitest'
import { encodeShard } from './format.ts'
import { gzip } from './gzip.ts'
import { combineParts, mergeParts, refineTask, runShard, type PartOf, type ShardTask } from './task.ts'
import type { CollectTask } from './collect-task.ts'
import { loosen, speculate, topUpPart, topUpTask } from './speculation.ts'
import { populationRate, type DescribeTask } from './describe-task.ts'
import type { ScoreRow, ScoreTask } from './score-task.ts'
import { artifact, config, goal, plan, shardTables, shoppers } from './test-support/synthetic.ts'

const profiles = shoppers(400)

/** Every shard stored (encoded, gzip'd) and run through the worker's entry point, in the given order. */
async function runAll<T extends ShardTask>(n: number, task: T, options: { refine?: boolean; reverse?: boolean; combine?: boolean } = {}): Promise<Array<PartOf<T>>> {
  const stored = await Promise.all(shardTables(profiles, n).map((t) => gzip(encodeShard(t))))
  const order = stored.map((_, i) => i)
  if (options.reverse) order.reverse()
  let parts: Array<PartOf<T>> = []
  for (const i of order) {
    parts.push(await runShard(stored[i]!, `shard-${i}`, options.refine ? refineTask(task, parts) : task))
    // as an engine does: one combined part at a time
    if (options.combine && task.kind !== 'score') parts = [combineParts(task as PhaseTask, parts as never) as PartOf<T>]
  }
  return parts
}
type PhaseTask = Exclude<ShardTask, { kind: 'score' }>

/** Examples as plain data (features as arrays), for deep equality. */
const plain = (xs: ReadonlyArray<{ features: Float32Array }>) => xs.map((x) => ({ ...x, features: Array.from(x.features) }))

const collect: CollectTask = { kind: 'collect', goal, config, plan: plan(), seed: 3, maxExamples: 600, maxCutoffExamples: 60 }

describe('merges are exact whatever the sharding', () => {
  it('the training sample: 1, 2, 7 and 64 shards (with and without bounds, in any order) give the same examples, and the sampler dropped candidates', async () => {
    const one = mergeParts(collect, await runAll(1, collect))
    expect(one.candidates).toBeGreaterThan(3 * collect.maxExamples)
    expect(one.train.length + one.stop.length).toBe(collect.maxExamples)
    expect(one.calibration.length).toBe(60)
    expect(one.test.length).toBe(60)
    for (const [n, options] of [[2, {}], [7, { refine: true }], [64, { refine: true, reverse: true }], [64, {}], [13, { refine: true, combine: true }], [64, { refine: true, reverse: true, combine: true }]] as const) {
      const many = mergeParts(collect, await runAll(n, collect, options))
      expect(many.candidates).toBe(one.candidates)
      for (const split of ['train', 'stop', 'calibration', 'test'] as const) expect(plain(many[split])).toEqual(plain(one[split]))
    }
  })

  it('a speculative bound: when it holds the sample, no shard needs a top-up (same examples); when too tight, topping up every shard with the keys it skipped gives the same examples', async () => {
    const one = mergeParts(collect, await runAll(1, collect))
    const events = profiles.reduce((n, p) => n + p.events.length, 0)
    const guess = speculate(collect, events)
    expect(guess.bounds?.sample).toBeLessThan(1)
    const held = combineParts(collect, await runAll(8, guess))
    expect(topUpTask(collect, guess.bounds?.sample, held)).toBeUndefined()
    expect(plain(mergeParts(collect, [held]).train)).toEqual(plain(one.train))
    // far too tight, and no correction: every shard's part lacks keys of the sample
    const tight = speculate(collect, events * 1000)
    const first = combineParts(collect, await runAll(8, tight))
    expect(first.sample.key.length).toBeLessThan(collect.maxExamples)
    const topUp = topUpTask(collect, tight.bounds?.sample, first)!
    expect(topUp.bounds).toMatchObject({ sampleAbove: tight.bounds?.sample, calibration: -1, test: -1 })
    const more = (await runAll(8, topUp)).map(topUpPart)
    expect(more.every((p) => p.calibration.key.length === 0 && p.test.key.length === 0)).toBe(true)
    const merged = mergeParts(collect, [first, ...more])
    expect(merged.candidates).toBe(one.candidates)
    for (const split of ['train', 'stop', 'calibration', 'test'] as const) expect(plain(merged[split])).toEqual(plain(one[split]))
  })

  it('loosen: raises a guess the first parts show too tight, never lowers one', async () => {
    const events = profiles.reduce((n, p) => n + p.events.length, 0)
    const tight = speculate(collect, events * 1000)
    const parts = await runAll(8, tight)
    const loosened = loosen(tight, parts.slice(0, 2), 2, 8)
    expect(loosened.bounds?.sample ?? 1).toBeGreaterThan(tight.bounds!.sample!)
    // a bound the parts show ample stays as it is
    const ample: CollectTask = { ...collect, bounds: { sample: 0.9 } }
    expect(loosen(ample, parts.slice(0, 2), 2, 8)).toBe(ample)
    expect(loosen(tight, [], 0, 8)).toBe(tight)
  })

  it('bounds skip work: later shards build fewer examples than unbounded ones', async () => {
    const free = await runAll(16, collect)
    const bounded = await runAll(16, collect, { refine: true })
    const built = (parts: ReadonlyArray<PartOf<CollectTask>>) => parts.reduce((n, p) => n + p.sample.key.length, 0)
    expect(built(bounded)).toBeLessThan(built(free))
  })

  it('below the sample size nothing is dropped and the order is by profile', async () => {
    const all: CollectTask = { ...collect, maxExamples: 1_000_000, maxCutoffExamples: 100_000 }
    const one = mergeParts(all, await runAll(1, all))
    const many = mergeParts(all, await runAll(5, all, { refine: true, combine: true }))
    expect(one.train.length + one.stop.length).toBe(one.candidates)
    expect(plain(many.train)).toEqual(plain(one.train))
    expect(plain(many.calibration)).toEqual(plain(one.calibration))
    const ids = one.test.map((x) => x.profileId)
    expect(ids).toEqual([...ids].sort())
  })

  it('the survey and the describe phase', async () => {
    const survey = { kind: 'survey', goal, end: plan().end } as const
    expect(mergeParts(survey, await runAll(9, survey, { combine: true }))).toEqual(mergeParts(survey, await runAll(1, survey)))
    const describe: DescribeTask = { kind: 'describe', artifact: artifact(), end: plan().end, seed: 1, maxRows: 40 }
    const one = mergeParts(describe, await runAll(1, describe))
    const many = mergeParts(describe, await runAll(13, describe, { refine: true, reverse: true, combine: true }))
    expect(one.rows.length).toBe(40)
    expect(many.rows.map((r) => Array.from(r))).toEqual(one.rows.map((r) => Array.from(r)))
    expect(Array.from(many.population).sort()).toEqual(Array.from(one.population).sort())
  })

  it('a sampled population: a seeded share of the profiles, the same whatever the sharding', async () => {
    const all: DescribeTask = { kind: 'describe', artifact: artifact(), end: plan().end, seed: 1 }
    const full = mergeParts(all, await runAll(1, all)).population.length
    const half: DescribeTask = { ...all, populationRate: populationRate(profiles.length, profiles.length / 2) }
    expect(half.populationRate).toBe(0.5)
    const one = mergeParts(half, await runAll(1, half))
    const many = mergeParts(half, await runAll(13, half, { refine: true, reverse: true, combine: true }))
    expect(Array.from(many.population).sort()).toEqual(Array.from(one.population).sort())
    // about half of the eligible profiles (binomial: 4 standard errors either side)
    const sd = Math.sqrt(full * 0.25)
    expect(one.population.length).toBeGreaterThan(full / 2 - 4 * sd)
    expect(one.population.length).toBeLessThan(full / 2 + 4 * sd)
    expect(populationRate(100, 1000)).toBe(1)
    for (const bad of [0, -0.5, 1.5, Number.NaN, '0.5']) {
      await expect(runAll(1, { ...all, populationRate: bad as number })).rejects.toMatchObject({ code: 'SHARD_TASK_INVALID' })
    }
  })

  it('score rows: the same rows, each shard in profile order', async () => {
    const task: ScoreTask = { kind: 'score', artifacts: [artifact()], asOf: plan().end, segments: [{ name: 'hot', goal: 'purchase-30d', probability: { min: 0.12 } }] }
    const rows = async (n: number) => (await runAll(n, task)).flatMap((p) => p.rows)
    const one = await rows(1)
    const many = await rows(11)
    expect(one.length).toBeGreaterThan(50)
    const byId = (a: ScoreRow, b: ScoreRow) => (a.profileId < b.profileId ? -1 : 1)
    expect([...many].sort(byId)).toEqual(one)
    const hot = one.filter((r) => r.segments!.includes('hot')).length
    expect(hot).toBeGreaterThan(0)
    expect(hot).toBeLessThan(one.length)
  })
})
