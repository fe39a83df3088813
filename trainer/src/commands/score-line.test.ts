import type { Factor, Prediction } from '@auspex/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scoreCsvLine } from './score-line.ts'
import { csvLine, scoreColumns, scoreRecord, type ScoreExtras } from './score-writer.ts'

const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', 'a,b', 'say "hi"', 'line\nbreak', 'cr\r', 'é😀', '\\', '\u2028'), fc.string({ unit: 'binary', maxLength: 6 }))
const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e21, 1e-7))
const factor: fc.Arbitrary<Factor> = fc.record({
  code: text, label: text, value: fc.option(number, { nil: null }), contribution: number,
  importance: fc.constantFrom('high', 'medium', 'low'), direction: fc.constantFrom('up', 'down'),
})
const prediction: fc.Arbitrary<Prediction> = fc.record({
  probability: number, score: number, percentile: number, bucket: fc.constantFrom('high', 'medium', 'low'),
  factors: fc.array(factor, { maxLength: 6 }), modelVersion: text, goal: text, eligible: fc.boolean(),
})
const extras: fc.Arbitrary<ScoreExtras> = fc.record({ goal: text, segments: fc.array(text, { maxLength: 3 }) }, { requiredKeys: [] })

describe('scoreCsvLine', () => {
  it('writes exactly what csvLine writes for the record scoreRecord builds (any text, numbers, columns)', () => {
    fc.assert(fc.property(text, prediction, extras, fc.boolean(), fc.boolean(), (profileId, p, x, goal, segments) => {
      const columns = scoreColumns({ goal, segments })
      const full = { ...scoreRecord(profileId, p), goal: x.goal, segments: x.segments }
      const record = Object.fromEntries(columns.map((c) => [c, full[c]]))
      expect(scoreCsvLine(profileId, p, x, columns)).toBe(csvLine(record, columns))
    }), { numRuns: 3000 })
  })
})
