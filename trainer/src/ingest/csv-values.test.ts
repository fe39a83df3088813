import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { csvNumber, csvTimestamp, daysFromCivil } from './csv-values.ts'

const bytes = (text: string) => Buffer.from(text, 'latin1')
const ts = (text: string) => csvTimestamp(bytes(text), 0, text.length)
const num = (text: string) => csvNumber(bytes(text), 0, text.length)

describe('csvTimestamp', () => {
  it('reads the forms the reader query reads, as UTC unless a zone says otherwise', () => {
    const at = Date.UTC(2011, 1, 28, 9, 5, 7)
    expect(ts('2011-02-28T09:05:07Z')).toBe(at)
    expect(ts('2011-02-28 09:05:07')).toBe(at)
    expect(ts('2011-02-28T09:05:07.5Z')).toBe(at + 500)
    expect(ts('2011-02-28T09:05:07.05')).toBe(at + 50)
    expect(ts('2011-02-28 09:05:07.123Z')).toBe(at + 123)
    expect(ts('2011-02-28T11:05:07+02:00')).toBe(at)
    expect(ts('2011-02-28T03:35:07.123-0530')).toBe(at + 123)
    expect(ts('2011-02-28')).toBe(Date.UTC(2011, 1, 28))
    expect(ts(String(at))).toBe(at)
  })

  it('refuses what it cannot read exactly as DuckDB does (NaN: DuckDB reads the file)', () => {
    for (const text of ['2011-02-29T00:00:00Z', '2011-04-31', '2011-02-28T24:00:00Z', '2011-02-28T23:59:60Z', '2011-02-28T09:05:07.1234Z',
      '2011-02-28T09:05:07+02', '2011-02-28T09:05:07+16:00', '2011-02-28T09:05:07z', '20110228', '12345678', ' 2011-02-28', '2011-2-28', 'yesterday', '']) {
      expect(ts(text), text).toBeNaN()
    }
  })

  it('agrees with Date.UTC on every day of four centuries, leap years included', () => {
    for (let y = 1800; y <= 2200; y++) for (let m = 1; m <= 12; m++) {
      const days = new Date(Date.UTC(y, m, 0)).getUTCDate()
      for (const d of [1, days]) expect(daysFromCivil(y, m, d) * 86_400_000).toBe(Date.UTC(y, m - 1, d))
      expect(ts(`${y}-${String(m).padStart(2, '0')}-${days + 1}`)).toBeNaN()
    }
  })
})

describe('csvNumber', () => {
  it('is the nearest double of any plain decimal, as Number() reads it', () => {
    const decimal = fc.tuple(fc.boolean(), fc.stringMatching(/^[0-9]{1,20}$/), fc.option(fc.stringMatching(/^[0-9]{1,12}$/)))
      .map(([neg, int, frac]) => `${neg ? '-' : ''}${int}${frac === null ? '' : `.${frac}`}`)
    fc.assert(fc.property(decimal, (text) => {
      expect(Object.is(num(text), Number(text))).toBe(true)
    }), { numRuns: 5000 })
  })

  it('refuses anything else', () => {
    for (const text of ['', '-', '.5', '5.', '1e3', '0x10', '+1', '1,5', ' 1', 'NaN', 'Infinity', '1.2.3']) expect(num(text), text).toBeNaN()
  })
})
