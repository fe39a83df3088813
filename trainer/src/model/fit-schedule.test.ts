import { describe, expect, it } from 'vitest'
import { CHECK_EVERY, FitSchedule, MIN_GAIN, SETTLE_EPOCHS, WARMUP_EPOCHS } from './fit-schedule.ts'

/** Runs a schedule over per-check validation losses; returns each epoch's rate and the epoch it stopped at. */
function run(schedule: FitSchedule, lossAt: (check: number) => number) {
  const rates: number[] = []
  const kept: number[] = []
  for (let epoch = 1; epoch <= schedule.maxEpochs; epoch++) {
    rates.push(schedule.rate(epoch))
    if (!schedule.checks(epoch)) continue
    const verdict = schedule.check(epoch, lossAt(epoch / CHECK_EVERY))
    if (verdict.keep) kept.push(epoch)
    if (verdict.stop) return { rates, kept, stoppedAt: epoch }
  }
  return { rates, kept, stoppedAt: schedule.maxEpochs }
}

describe('the fit schedule', () => {
  it('warms up linearly to the peak rate', () => {
    const s = new FitSchedule(0.05, 400, 6)
    expect(s.rate(1)).toBeCloseTo(0.05 / WARMUP_EPOCHS, 12)
    expect(s.rate(WARMUP_EPOCHS)).toBeCloseTo(0.05, 12)
  })

  it('without a plateau, decays after warm-up and reaches 0 at the epoch budget', () => {
    const { rates, stoppedAt } = run(new FitSchedule(0.05, 200, 6), (c) => 1 / c)
    expect(stoppedAt).toBe(200)
    for (let e = WARMUP_EPOCHS; e < rates.length; e++) expect(rates[e]!).toBeLessThanOrEqual(rates[e - 1]!)
    expect(rates.at(-1)).toBeCloseTo(0, 12)
  })

  it('on a plateau, anneals the rate to 0 over SETTLE_EPOCHS and only then stops', () => {
    // improves for 10 checks (50 epochs), then flat: 6 checks without gain trigger the settle phase at epoch 80
    const s = new FitSchedule(0.05, 400, 6)
    const { rates, kept, stoppedAt } = run(s, (c) => (c <= 10 ? 1 - c / 100 : 0.9))
    expect(kept.at(-1)).toBe(50)
    expect(s.settling).toBe(true)
    expect(stoppedAt).toBe(80 + SETTLE_EPOCHS)
    const atPlateau = rates[80 - 1]!
    expect(atPlateau).toBeGreaterThan(0.04)
    for (let e = 80; e < rates.length; e++) expect(rates[e]!).toBeLessThan(rates[e - 1]!)
    expect(rates.at(-1)).toBeCloseTo(0, 12)
  })

  it('keeps every new lowest loss, but gains below MIN_GAIN do not put off the plateau', () => {
    const s = new FitSchedule(0.05, 400, 3)
    // after check 2, each check gains MIN_GAIN / 10: all are kept, none counts as progress
    const { kept, stoppedAt } = run(s, (c) => (c <= 2 ? 1 - c / 10 : 0.8 - ((c - 2) * MIN_GAIN) / 10))
    expect(stoppedAt).toBe(10 + 3 * CHECK_EVERY + SETTLE_EPOCHS)
    expect(kept).toEqual(Array.from({ length: stoppedAt / CHECK_EVERY }, (_, k) => (k + 1) * CHECK_EVERY))
  })
})
