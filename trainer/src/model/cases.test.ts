/**
 * The trust issue's failure classes, one generated case each (trainer/src/cases), run as the hold-out protocol
 * runs them: train on events before the cut-off, score every eligible profile at it, AUC against the window
 * after it. Reference AUCs of gradient-boosted trees on the same cases (`trainer/dev/reference_auc.py`,
 * HistGradientBoosting / XGBoost on RFM-style features) are recorded beside each case.
 */
import { loadModel } from '@auspex/core'
import { describe, expect, it } from 'vitest'
import { hourlyClickstreamCase, oneTimeOutcomeCase, repurchaseCase, type AccuracyCase } from '../cases/index.ts'
import { evaluate } from './evaluate.ts'
import { memorySource } from './memory-source.ts'
import { train } from './train.ts'

async function run(c: AccuracyCase) {
  const source = memorySource(c.events)
  const result = await train(source, c.goal, { before: c.cut })
  const m = await evaluate(loadModel(result.artifact), source, c.cut)
  const best = Math.max(m.baselines?.recency ?? 0, m.baselines?.frequency ?? 0)
  return { result, m, best }
}

describe('accuracy on generated cases, one per failure class', () => {
  // reference (at-risk population): HGB 0.644, XGBoost 0.637, recency 0.626
  it('a one-time outcome: profiles that had it are excluded, in training and at scoring, and the model beats recency', async () => {
    const { result, m, best } = await run(oneTimeOutcomeCase())
    expect(result.artifact.goal.eligible?.afterOutcome).toBe('exclude')
    expect(result.artifact.training?.eligibility).toMatchObject({ afterOutcome: 'exclude', source: 'data' })
    expect(m.auc).toBeGreaterThanOrEqual(best - 0.01)
    expect(m.auc).toBeGreaterThanOrEqual(0.637 - 0.01)
    // the bar's ECE ≤ 0.03 is for 3,000 profiles or more; 1,317 are at risk at this cut-off (10 bins: ±0.02 noise)
    expect(m.positives + m.negatives).toBeLessThan(3000)
    expect(m.ece).toBeLessThanOrEqual(0.05)
  }, 120_000)

  // reference: HGB 0.767, XGBoost 0.751 (82 positives: ±0.03), recency 0.690
  it('a tiny hourly clickstream with a 24 h goal trains on three weeks of clicks and beats recency and frequency', async () => {
    const { m, best } = await run(hourlyClickstreamCase())
    expect(m.auc).toBeGreaterThanOrEqual(best - 0.01)
  }, 120_000)

  // reference: HGB 0.862, XGBoost 0.861, recency 0.777
  it('a purchases-only repurchase goal: the rhythm of purchases (average gap, overdue) brings it near the trees', async () => {
    const { result, m, best } = await run(repurchaseCase())
    expect(result.artifact.model.terms.some((t) => t.feature === 'overdue_purchase')).toBe(true)
    expect(m.auc).toBeGreaterThanOrEqual(best + 0.03)
    expect(m.auc).toBeGreaterThanOrEqual(0.862 - 0.015)
    // the bar's ECE ≤ 0.03 is for 3,000 profiles or more; 2,232 are eligible here, where even a perfectly calibrated
    // model shows ~0.018 over 10 bins; over seeds 5–8 (`trainer/dev/seeds.ts`) the mean ECE is 0.026, this draw 0.031
    expect(m.positives + m.negatives).toBeLessThan(3000)
    expect(m.ece).toBeLessThanOrEqual(0.04)
  }, 120_000)
})
