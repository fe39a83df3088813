import { readFileSync } from 'node:fs'
import { DAY_MS, loadModel, type AuspexEvent } from '@auspex/core'
import { describe, expect, it } from 'vitest'
import { memorySource } from './memory-source.ts'
import { evaluate } from './evaluate.ts'
import { train } from './train.ts'
import { fitPlatt } from './gam.ts'

const goal = JSON.parse(readFileSync(new URL('../../../goals/purchase-30d.json', import.meta.url), 'utf8'))
const T0 = Date.UTC(2011, 0, 1)

/** Deterministic synthetic shop: frequent buyers keep buying, rare ones lapse. */
function shop(profiles: number, everyone = false): AuspexEvent[] {
  const out: AuspexEvent[] = []
  let s = 7
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648)
  for (let p = 0; p < profiles; p++) {
    const gap = everyone ? 3 : 3 + Math.floor(rnd() * 80)
    for (let d = Math.floor(rnd() * 20); d < 300; d += gap + Math.floor(rnd() * gap)) out.push({ profileId: String(p), timestamp: T0 + d * DAY_MS + p, type: 'purchase', value: 10 + (p % 7) })
  }
  return out
}

describe('train', () => {
  it('learns a calibrated model that core loads and scores, deterministically', async () => {
    const source = memorySource(shop(300))
    const createdAt = new Date('2026-01-01T00:00:00Z')
    const a = await train(source, goal, { createdAt, seed: 1 })
    const b = await train(source, goal, { createdAt, seed: 1 })
    expect(JSON.stringify(a.artifact)).toBe(JSON.stringify(b.artifact))
    expect(a.metrics.auc).toBeGreaterThan(0.7)
    expect(a.metrics.split.examples.train).toBeGreaterThan(a.metrics.split.examples.test)
    expect(a.metrics.split.train[1] <= a.metrics.split.validation[0]).toBe(true)
    expect(a.metrics.split.validation[1] <= a.metrics.split.test[0]).toBe(true)
    const model = loadModel(a.artifact)
    expect(model.artifact.percentiles.length).toBe(99)
    expect(a.factors.overall.length).toBeGreaterThan(0)
    expect(a.scoreHistogram.reduce((s, x) => s + x, 0)).toBeGreaterThan(0)
    // calibration (Platt fit on validation; the test split is later in time, so allow some drift)
    const rows = a.metrics.calibration, n = rows.reduce((s, r) => s + r.count, 0)
    const mp = rows.reduce((s, r) => s + r.meanPredicted * r.count, 0) / n
    expect(Math.abs(mp - a.metrics.baseRate)).toBeLessThan(0.08)
  })
  it('ships a calibration fit on every cut-off example the fit never saw, up to the latest complete cut-off; the ranking stays the evaluated one', async () => {
    const source = memorySource(shop(300))
    const r = await train(source, goal, { seed: 1 })
    const shipped = r.artifact.training?.calibration as { at: string; examples: number; positives: number }
    expect(shipped.at).toBe(r.metrics.evaluation.cutoff)
    // the test examples pooled with the validation period's cut-off examples (calibrating and early-stopping profiles)
    expect(shipped.examples).toBeGreaterThan(r.metrics.split.examples.test)
    expect(shipped.positives).toBeGreaterThan(r.metrics.positives)
    expect(shipped.positives).toBeLessThan(shipped.examples)
    // Platt is monotone: the shipped model, evaluated where the metrics were measured, ranks the same profiles alike
    const m = await evaluate(loadModel(r.artifact), source, Date.parse(shipped.at))
    expect(m.evaluation.n).toBe(r.metrics.evaluation.n)
    expect(m.auc).toBeCloseTo(r.metrics.auc, 9)
    expect(m.ece).not.toBe(r.metrics.ece)
  })
  it('reads the percentiles from a seeded share of a large population, and says so', async () => {
    const source = memorySource(shop(300))
    const createdAt = new Date('2026-01-01T00:00:00Z')
    const all = await train(source, goal, { createdAt, seed: 1 })
    const part = await train(source, goal, { createdAt, seed: 1, maxPopulation: 150 })
    expect(all.populationShare).toBe(1)
    expect(all.artifact.training?.percentilesFrom).toBeUndefined()
    expect(part.populationShare).toBe(0.5)
    const from = part.artifact.training?.percentilesFrom as { profiles: number; share: number }
    expect(from.share).toBe(0.5)
    const eligible = all.scoreHistogram.reduce((s, x) => s + x, 0)
    expect(from.profiles).toBeGreaterThan(eligible * 0.3)
    expect(from.profiles).toBeLessThan(eligible * 0.7)
    // the histogram is scaled to the whole population; the model is the same, its percentiles near the full table's
    expect(part.scoreHistogram.reduce((s, x) => s + x, 0) / eligible).toBeGreaterThan(0.7)
    expect(part.artifact.model).toEqual(all.artifact.model)
    const median = (a: typeof all) => a.artifact.percentiles[49]!
    expect(Math.abs(median(part) - median(all))).toBeLessThan(0.1)
  })
  it('samples deterministically down to maxExamples', async () => {
    const source = memorySource(shop(300))
    const full = await train(source, goal, { seed: 1 })
    // the sample bounds the snapshots (train and early stopping); calibration and test are one example per profile
    const total = (r: typeof full) => r.artifact.training?.examples as number
    const max = Math.floor(total(full) / 3)
    const createdAt = new Date('2026-01-01T00:00:00Z')
    const a = await train(source, goal, { seed: 1, maxExamples: max, createdAt }), b = await train(source, goal, { seed: 1, maxExamples: max, createdAt })
    expect(total(a)).toBe(max)
    expect(a.artifact.hash).toBe(b.artifact.hash)
    const c = await train(source, goal, { seed: 2, maxExamples: max, createdAt })
    expect(c.artifact.hash).not.toBe(a.artifact.hash)
  })
  it('refuses a goal with one class only', async () => {
    await expect(train(memorySource(shop(30, true)), goal)).rejects.toMatchObject({ code: 'TRAIN_ONE_CLASS' })
  })
  it('refuses when there is no point-in-time example, saying why', async () => {
    await expect(train(memorySource([]), goal)).rejects.toMatchObject({ code: 'TRAIN_NO_EXAMPLES', message: 'goal purchase-30d: no point-in-time example: the export has no events; use more data' })
    await expect(train(memorySource(shop(30)), goal, { before: T0 - DAY_MS })).rejects.toMatchObject({ code: 'TRAIN_NO_EXAMPLES', message: expect.stringMatching(/there are no events before 2010-12-31T00:00:00\.000Z; use more data or a later --before$/) })
    // data, but too little for train, validation and test with two embargoes of the 30-day window
    await expect(train(memorySource(shop(30)), goal, { before: T0 + 100 * DAY_MS })).rejects.toMatchObject({
      code: 'TRAIN_HISTORY_TOO_SHORT',
      message: expect.stringMatching(/needs 125 days of history .* but the data from 2011-01-01T.* to 2011-04-11T00:00:00\.000Z spans 100 days/),
    })
  })
  it('Platt scaling recovers a known slope and offset', () => {
    const z: number[] = [], y: number[] = []
    for (let i = 0; i < 4000; i++) { const x = (i % 200) / 20 - 5; z.push(x); y.push((i * 0.6180339887) % 1 < 1 / (1 + Math.exp(-(2 * x - 1))) ? 1 : 0) }
    const { a, b } = fitPlatt(z, y)
    expect(a).toBeCloseTo(2, 0)
    expect(b).toBeCloseTo(-1, 0)
    // Platt's score equation: the mean calibrated probability equals the observed rate
    const mean = z.reduce((s, x) => s + 1 / (1 + Math.exp(-(a * x + b))), 0) / z.length
    expect(mean).toBeCloseTo(y.reduce((s, v) => s + v, 0) / y.length, 4)
  })
})

describe('train: the goal against the data, and small splits', () => {
  it('stops before building examples when the outcome matches too few events, naming its count and the frequent types', async () => {
    const rare = { ...goal, outcome: { anyOf: [{ type: 'purchase', where: [{ field: 'value', op: '>', value: 1000 }] }] } }
    const events = shop(60).map((e, i) => (i < 4 ? { ...e, value: 2000 } : e))
    await expect(train(memorySource(events), rare)).rejects.toMatchObject({
      code: 'TRAIN_OUTCOME_RARE',
      message: expect.stringMatching(/matches 4 events in the training data \(at least 10 are needed\); the most frequent event types are purchase \(\d[\d,]*\)/),
    })
    const typo = { ...goal, outcome: { anyOf: [{ type: 'purchased' }] } }
    await expect(train(memorySource(shop(60)), typo)).rejects.toMatchObject({ code: 'TRAIN_OUTCOME_RARE', message: expect.stringMatching(/"purchased".* matches 0 events/) })
  })

  it('learns the event types from the events before --before only', async () => {
    const later = { profileId: '0', timestamp: T0 + 290 * DAY_MS, type: 'refundRequested' }
    const r = await train(memorySource([...shop(300), later]), goal, { before: T0 + 250 * DAY_MS, maxExamples: 3000 })
    expect(r.artifact.features.config.eventTypes).not.toContain('refundRequested')
  })

  it('refuses a calibration split with too few of one class, naming the split', async () => {
    await expect(train(memorySource(shop(40)), goal)).rejects.toMatchObject({ code: 'TRAIN_SPLIT_TOO_SMALL', message: expect.stringMatching(/the (train|validation|calibration|test) split .* needs at least 20 of each/) })
  })

  it('uses the same default seed as the CLI', async () => {
    const source = memorySource(shop(300))
    const createdAt = new Date('2026-01-01T00:00:00Z')
    const a = await train(source, goal, { createdAt, maxExamples: 3000 })
    const b = await train(source, goal, { createdAt, maxExamples: 3000, seed: 1 })
    expect(a.artifact.hash).toBe(b.artifact.hash)
  })
})
