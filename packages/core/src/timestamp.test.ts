import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parseIsoTimestamp, toEpochMs } from './timestamp.ts'

describe('parseIsoTimestamp', () => {
  it.each([
    ['2010-12-01T08:26:00Z', Date.UTC(2010, 11, 1, 8, 26)],
    ['2010-12-01 08:26:00', Date.UTC(2010, 11, 1, 8, 26)],
    ['2010-12-01T08:26', Date.UTC(2010, 11, 1, 8, 26)],
    ['2010-12-01', Date.UTC(2010, 11, 1)],
    ['2010-12-01T08:26:00.123Z', Date.UTC(2010, 11, 1, 8, 26, 0, 123)],
    ['2010-12-01T08:26:00.5Z', Date.UTC(2010, 11, 1, 8, 26, 0, 500)],
    ['2010-12-01T08:26:00+01:00', Date.UTC(2010, 11, 1, 7, 26)],
    ['2010-12-01T08:26:00-0230', Date.UTC(2010, 11, 1, 10, 56)],
  ])('reads %s', (text, expected) => {
    expect(parseIsoTimestamp(text)).toBe(expected)
  })

  it.each(['', '2010', '2010-13-01', '2010-12-01X', '2010-12-01T8:26', 'yesterday', '2010-12-01T08:26:00+5'])('rejects %j', (text) => {
    expect(parseIsoTimestamp(text)).toBeNaN()
  })

  it('agrees with Date for any instant written by toISOString', () => {
    fc.assert(fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2199, 0, 1) }), (t) => {
      expect(parseIsoTimestamp(new Date(t).toISOString())).toBe(t)
    }))
  })
})

describe('toEpochMs', () => {
  it('accepts epoch milliseconds as number or digits, and Dates', () => {
    expect(toEpochMs(1291191960000)).toBe(1291191960000)
    expect(toEpochMs('1291191960000')).toBe(1291191960000)
    expect(toEpochMs(new Date(5))).toBe(5)
    expect(toEpochMs({})).toBeNaN()
    expect(toEpochMs(Infinity)).toBeNaN()
  })
})
