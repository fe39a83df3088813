import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sortedIndices } from './sort-strings.ts'

const sortedBy = (values: string[]) => [...sortedIndices(values)].map((i) => values[i])

describe('sortedIndices', () => {
  it('orders like Array.prototype.sort: any UTF-16 strings, including lone surrogates, empty strings and duplicates', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 8 }), { maxLength: 200 }), (values) => {
      expect(sortedBy(values)).toEqual(values.slice().sort())
    }), { numRuns: 300 })
  })

  it('orders ids with long shared prefixes and prefixes of each other', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom('', 'u', 'u0', 'u00', 'customer-000'), fc.nat(999)), { maxLength: 500 }), (parts) => {
      const values = parts.map(([prefix, n]) => prefix + (n % 3 === 0 ? '' : String(n)))
      expect(sortedBy(values)).toEqual(values.slice().sort())
    }), { numRuns: 200 })
  })

  it('ends on many equal strings, and puts a string before itself followed by U+0000', () => {
    const values = [...Array.from({ length: 40 }, () => 'a\u0000'), ...Array.from({ length: 40 }, () => 'a'), 'a\u0000\u0000', '']
    expect(sortedBy(values)).toEqual(values.slice().sort())
  })

  it('returns each index once, for 50 000 ids', () => {
    const values = Array.from({ length: 50_000 }, (_, i) => `u${String((i * 7919) % 50_000).padStart(6, '0')}`)
    const order = sortedIndices(values)
    expect(new Set(order).size).toBe(values.length)
    expect([...order].map((i) => values[i])).toEqual(values.slice().sort())
  })
})
