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

describe('accuracy bar (Online Retail, cut-off 2011-09-01)', () => {
  for (const c of CASES) {
    it(`${c.goal}: hold-out AUC within 0.01 of GBT ${c.gbt} and above the baselines`, async () => {
      const goal = JSON.parse(readFileSync(new URL(`../../../goals/${c.goal}.json`, import.meta.url), 'utf8'))
      const result = await train(source, goal, { before: CUT })
      const m = await evaluate(loadModel(result.artifact), source, CUT)
      expect(m.auc).toBeGreaterThanOrEqual(c.gbt - 0.01)
      expect(m.auc).toBeGreaterThan(c.recency + 0.03)
      expect(m.auc).toBeGreaterThan(c.frequency + 0.03)
      expect(m.baselines?.recency).toBeCloseTo(c.recency, 1)
    }, 240_000)
  }
})
