import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { combineBatches, packExamples, unpackExamples } from './example-batch.ts'
import type { Example } from './examples.ts'
import { combineSamples, type SamplePart } from './keyed.ts'

const WIDTH = 3

/** A part of few distinct keys, ids and times, so that ties are common. */
const part = fc.record({
  seen: fc.integer({ min: 0, max: 50 }),
  rows: fc.array(fc.record({ key: fc.constantFrom(0.1, 0.2, 0.3, 0.5), id: fc.constantFrom('a', 'b', 'c'), t: fc.integer({ min: 0, max: 3 }), label: fc.constantFrom(0, 1) }), { maxLength: 12 }),
})

function samplePart(p: { seen: number; rows: Array<{ key: number; id: string; t: number; label: number }> }, tag: number): SamplePart<Example> {
  return {
    seen: p.seen + p.rows.length,
    entries: p.rows.map((r, i) => ({
      key: r.key, profileId: r.id, t: r.t,
      item: { profileId: r.id, t: r.t, kind: 'event', label: r.label === 1 ? 1 : 0, events: i, lastEvent: r.t, features: Float32Array.of(tag, i, r.key) },
    })),
  }
}

const plain = (p: SamplePart<Example>) => ({ seen: p.seen, entries: p.entries.map((e) => ({ ...e, item: { ...e.item, features: Array.from(e.item.features) } })) })

describe('combineBatches', () => {
  it('keeps what combineSamples keeps, in the same order, ties included', () => {
    fc.assert(fc.property(fc.array(part, { maxLength: 6 }), fc.integer({ min: 1, max: 30 }), (parts, max) => {
      const samples = parts.map((p, i) => samplePart(p, i))
      const packed = combineBatches(samples.map((s) => packExamples(s, WIDTH)), max)
      expect(plain(unpackExamples(packed))).toEqual(plain(combineSamples(samples, max)))
    }), { numRuns: 500 })
  })
})
