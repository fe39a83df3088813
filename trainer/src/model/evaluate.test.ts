import { readFileSync } from 'node:fs'
import { DAY_MS, loadModel, type AuspexEvent, type Model } from '@auspex/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { evaluate } from './evaluate.ts'
import { memorySource } from './memory-source.ts'
import { train } from './train.ts'

const goal = JSON.parse(readFileSync(new URL('../../../goals/purchase-30d.json', import.meta.url), 'utf8'))
const T0 = Date.UTC(2011, 0, 1)

/** Buyers every `gap`–2·`gap` days (a gap per profile), days 0–300. */
function shop(profiles: number, gapOf: (p: number) => number): AuspexEvent[] {
  const out: AuspexEvent[] = []
  for (let p = 0; p < profiles; p++) {
    const gap = gapOf(p)
    for (let d = p % 20, k = 0; d < 300; d += gap + (k++ % gap)) out.push({ profileId: String(p), timestamp: T0 + d * DAY_MS + p, type: 'purchase', value: 10 })
  }
  return out
}

const events = shop(400, (p) => 3 + ((p * 37) % 80))
const last = Math.max(...events.map((e) => e.timestamp))
let model: Model
beforeAll(async () => { model = loadModel((await train(memorySource(events), goal, { seed: 1, maxExamples: 3000 })).artifact) }, 60_000)

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string; message: string }) => `${e.code}: ${e.message}`)

describe('evaluate', () => {
  it('measures the model at a cut-off whose label window lies within the data', async () => {
    const m = await evaluate(model, memorySource(events), T0 + 200 * DAY_MS)
    expect(m.positives).toBeGreaterThan(0)
    expect(m.negatives).toBeGreaterThan(0)
    expect(m.auc).toBeGreaterThan(0.5)
    // the last cut-off allowed: its window ends just after the last event
    expect(await codeOf(evaluate(model, memorySource(events), last + 1 - 30 * DAY_MS))).toBe('ok')
  })

  it('warns that metrics are in-sample when the model was trained on events after the cut-off', async () => {
    const cut = T0 + 200 * DAY_MS
    const inSample = await evaluate(model, memorySource(events), cut)
    expect(inSample.warnings[0]).toBe(`in-sample: the model was trained on events before ${new Date(last + 1).toISOString()}, which overlap this cut-off's label window, so these metrics are optimistic; for a hold-out, train with --before 2011-07-20T00:00:00.000Z (or earlier)`)
    const holdOut = loadModel((await train(memorySource(events), goal, { seed: 1, maxExamples: 3000, before: cut })).artifact)
    const m = await evaluate(holdOut, memorySource(events), cut)
    expect(m.warnings.filter((w) => w.startsWith('in-sample'))).toEqual([])
  }, 60_000)

  it('refuses a cut-off whose label window runs past the data, naming the latest one allowed', async () => {
    const latest = new Date(last + 1 - 30 * DAY_MS).toISOString()
    expect(await codeOf(evaluate(model, memorySource(events), last + 2 - 30 * DAY_MS)))
      .toBe(`EVAL_WINDOW_PAST_DATA: evaluate at ${new Date(last + 2 - 30 * DAY_MS).toISOString()}: the 30d label window ends after the last event (${new Date(last).toISOString()}), so labels would miss what happens after the export; evaluate at ${latest} or earlier`)
  })

  it('refuses a cut-off with no eligible profile, or with one class only', async () => {
    expect(await codeOf(evaluate(model, memorySource(events), T0 - 400 * DAY_MS))).toMatch(/^EVAL_NO_EXAMPLES: evaluate at 2009-11-27T00:00:00.000Z: no profile is eligible then \(purchase-30d scores profiles active within .* before it; the data runs from 2011-01-01T00:00:00.000Z to /)
    const everyone = shop(50, () => 3)
    expect(await codeOf(evaluate(model, memorySource(everyone), T0 + 100 * DAY_MS))).toBe('EVAL_ONE_CLASS: evaluate at 2011-04-11T00:00:00.000Z: all 50 eligible profiles are positive for purchase-30d, so AUC and lift are undefined; pick another time or more data')
  })
})
