import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { loadModel } from './model.ts'
import { scoreEvents } from './replay.ts'
import { DAY, ev, handArtifact, T0 } from './test-support/fixtures.ts'

/**
 * The no-leakage guarantee at the heart of point-in-time correctness: a score (and its explanation)
 * at time T is a function of the events strictly before T only. Whatever happens at or after T —
 * including the outcome itself — cannot change it.
 */
describe('no label leakage', () => {
  const model = loadModel(handArtifact())
  const arbRows = fc.array(fc.record({
    offset: fc.integer({ min: 0, max: 60 * DAY }),
    type: fc.constantFrom('pageView', 'addToCart', 'purchase', 'search'),
    value: fc.integer({ min: -10, max: 300 }),
  }), { maxLength: 30 })

  it('events at or after T never change the prediction at T', () => {
    fc.assert(fc.property(arbRows, arbRows, fc.integer({ min: 1, max: 60 * DAY }), (pastRows, futureRows, cut) => {
      const T = T0 + cut
      const past = pastRows.map((r) => ev(r.offset, r.type, { value: r.value })).filter((e) => e.timestamp < T)
      const future = futureRows.map((r) => ev(cut + (r.offset % (30 * DAY)), r.type, { value: r.value }))
      expect(scoreEvents(model, [...future, ...past], T, { topFactors: Infinity })).toEqual(scoreEvents(model, past, T, { topFactors: Infinity }))
    }))
  })

  it('an event exactly at T belongs to the future (label side), not to the features', () => {
    const base = [ev(0, 'pageView')]
    const T = T0 + DAY
    expect(scoreEvents(model, [...base, ev(DAY, 'purchase', { value: 50 })], T)).toEqual(scoreEvents(model, base, T))
    expect(scoreEvents(model, [...base, ev(DAY - 1, 'purchase', { value: 50 })], T)).not.toEqual(scoreEvents(model, base, T))
  })
})
