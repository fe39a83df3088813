import { readFileSync } from 'node:fs'
import { loadModel } from '@auspex/core'
import { afterAll, describe, expect, it } from 'vitest'
import { openEvents } from '../ingest/index.ts'
import { evaluate } from './evaluate.ts'
import { train } from './train.ts'

// The public case: Online Retail, cut-off 2011-09-01, GBT reference AUCs and baselines.
const CASES = [
  { goal: 'purchase-30d', gbt: 0.741, recency: 0.676, frequency: 0.621 },
  { goal: 'churn-90d', gbt: 0.739, recency: 0.687, frequency: 0.694 },
]
const CUT = Date.UTC(2011, 8, 1)
const source = await openEvents([new URL('../../../data/online-retail/online_retail.csv.gz', import.meta.url).pathname], { preset: 'online-retail' })
afterAll(() => source.close())
const goalOf = (name: string) => JSON.parse(readFileSync(new URL(`../../../goals/${name}.json`, import.meta.url), 'utf8'))

describe('accuracy bar (Online Retail, cut-off 2011-09-01)', () => {
  const [purchase, churn] = CASES as [(typeof CASES)[0], (typeof CASES)[0]]
  it(`${purchase.goal}: hold-out AUC within 0.01 of GBT ${purchase.gbt} and above the baselines`, async () => {
    const result = await train(source, goalOf(purchase.goal), { before: CUT })
    const m = await evaluate(loadModel(result.artifact), source, CUT)
    expect(m.auc).toBeGreaterThanOrEqual(purchase.gbt - 0.01)
    expect(m.auc).toBeGreaterThan(purchase.recency + 0.03)
    expect(m.auc).toBeGreaterThan(purchase.frequency + 0.03)
    expect(m.baselines?.recency).toBeCloseTo(purchase.recency, 1)
  }, 240_000)

  // Train, validation and test with two 90-day embargoes and the test's own window need 305 days; the data before
  // 2011-09-01 has 274. The default refuses, naming the profile hold-out, which needs 215: trained that way, the
  // public case (train before the cut-off, evaluate every eligible profile at it) still holds the bar.
  it(`${churn.goal}: refused before 2011-09-01 with a time hold-out; with --holdout profiles, AUC at the cut-off within 0.01 of GBT ${churn.gbt}`, async () => {
    await expect(train(source, goalOf(churn.goal), { before: CUT })).rejects.toMatchObject({ code: 'TRAIN_HISTORY_TOO_SHORT', message: expect.stringContaining('--holdout profiles') })
    const result = await train(source, goalOf(churn.goal), { before: CUT, holdout: 'profiles' })
    expect(result.metrics.evaluation.population).toContain('a third of the eligible profiles')
    const m = await evaluate(loadModel(result.artifact), source, CUT)
    expect(m.auc).toBeGreaterThanOrEqual(churn.gbt - 0.01)
    expect(m.auc).toBeGreaterThan(churn.recency + 0.03)
    expect(m.auc).toBeGreaterThan(churn.frequency + 0.03)
    expect(m.baselines?.recency).toBeCloseTo(churn.recency, 1)
  }, 240_000)
})
