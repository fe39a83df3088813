import { readFileSync } from 'node:fs'
import { compileGoal, createFeatureConfig, createFeatureEngine, DAY_MS, type AuspexEvent } from '@auspex/core'
import { describe, expect, it } from 'vitest'
import { profileExamples } from './examples.ts'

const goal = compileGoal(JSON.parse(readFileSync(new URL('../../../goals/purchase-30d.json', import.meta.url), 'utf8')))
const engine = createFeatureEngine(goal, createFeatureConfig({ eventTypes: ['purchase', 'return'] }))
const T0 = Date.UTC(2011, 0, 1)
const ev = (day: number, type = 'purchase', value = 10): AuspexEvent => ({ profileId: 'p', timestamp: T0 + day * DAY_MS, type, value })

describe('profileExamples', () => {
  it('snapshots after all events sharing a timestamp, labels from [T, T + window)', () => {
    const events = [ev(0), ev(0, 'purchase', 5), ev(10), ev(50)]
    const xs = profileExamples('p', events, goal, engine, { cutoffs: [], end: T0 + 200 * DAY_MS })
    expect(xs.map((x) => x.t)).toEqual([T0 + 1, T0 + 10 * DAY_MS + 1, T0 + 50 * DAY_MS + 1])
    expect(xs.map((x) => x.label)).toEqual([1, 0, 0]) // day 10 is within 30d of day 0; day 50 is not within 30d of day 10
  })
  it('skips not-yet-active profiles and drops windows past the end', () => {
    const events = [ev(10), ev(20)]
    const xs = profileExamples('p', events, goal, engine, { cutoffs: [T0, T0 + 15 * DAY_MS, T0 + 40 * DAY_MS], atEvents: false, end: T0 + 60 * DAY_MS })
    expect(xs.map((x) => [x.t, x.label])).toEqual([[T0 + 15 * DAY_MS, 1]]) // T0: no events yet; T0+40d: window ends after `end`
  })
  it('keep() sees every eligible snapshot and skipping one leaves the others unchanged', () => {
    const events = [ev(0), ev(10), ev(50)]
    const all = profileExamples('p', events, goal, engine, { cutoffs: [], end: T0 + 200 * DAY_MS })
    const offered: number[] = []
    const some = profileExamples('p', events, goal, engine, { cutoffs: [], end: T0 + 200 * DAY_MS, keep: (t) => { offered.push(t); return t !== all[1]!.t } })
    expect(offered).toEqual(all.map((x) => x.t))
    expect(some).toEqual([all[0], all[2]])
  })
  it('an event exactly at T is in the label window, not in the features', () => {
    const xs = profileExamples('p', [ev(0), ev(30)], goal, engine, { cutoffs: [T0 + 30 * DAY_MS], atEvents: false, end: T0 + 100 * DAY_MS })
    expect(xs[0]?.label).toBe(1)
    const alone = profileExamples('p', [ev(0)], goal, engine, { cutoffs: [T0 + 30 * DAY_MS], atEvents: false, end: T0 + 100 * DAY_MS })
    expect(Array.from(xs[0]!.features)).toEqual(Array.from(alone[0]!.features))
  })
  it('leakage: appending or altering events at or after T never changes features or eligibility at T', () => {
    const base = [ev(0), ev(3, 'return', -4), ev(12), ev(12, 'purchase', 300), ev(40)]
    const T = T0 + 12 * DAY_MS
    const before = profileExamples('p', base, goal, engine, { cutoffs: [T], atEvents: false, end: T0 + 400 * DAY_MS })
    const altered = [...base.slice(0, 2), ev(12, 'return', -999), ev(13), ev(13), ev(200, 'purchase', 1e6)]
    const after = profileExamples('p', altered, goal, engine, { cutoffs: [T], atEvents: false, end: T0 + 400 * DAY_MS })
    expect(after.length).toBe(before.length)
    expect(Array.from(after[0]!.features)).toEqual(Array.from(before[0]!.features))
    // and the label only sees [T, T + window): events after T + 30d do not change it
    const late = profileExamples('p', [...base.slice(0, 2), ev(12 + 31)], goal, engine, { cutoffs: [T], atEvents: false, end: T0 + 400 * DAY_MS })
    expect(late[0]?.label).toBe(0)
  })
})
