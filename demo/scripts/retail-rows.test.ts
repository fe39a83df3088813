import { describe, expect, it } from 'vitest'
import { isProduct, parseRetailLine, splitCsvLine, toHistoryEvent } from './retail-rows.ts'

describe('retail rows', () => {
  it('splits quoted CSV fields with commas and escaped quotes', () => {
    expect(splitCsvLine('a,"b, c","say ""hi""",')).toEqual(['a', 'b, c', 'say "hi"', ''])
  })

  it('reads a row as UTC and strips the float suffix of CustomerID', () => {
    const line = parseRetailLine('536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom')
    expect(line).toEqual({
      invoice: '536365', stockCode: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 6,
      timestamp: Date.parse('2010-12-01T08:26:00Z'), unitPrice: 2.55, customerId: '17850', country: 'United Kingdom',
    })
  })

  it('rejects malformed rows', () => {
    expect(parseRetailLine('1,2,3')).toBeNull()
    expect(parseRetailLine('536365,85123A,X,six,2010-12-01 08:26:00,2.55,17850.0,UK')).toBeNull()
    expect(parseRetailLine('536365,85123A,X,6,yesterday,2.55,17850.0,UK')).toBeNull()
  })

  it('maps lines to events like the trainer preset: purchase with the line total, return for cancellations', () => {
    const buy = parseRetailLine('536365,85123A,X,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom')!
    expect(toHistoryEvent(buy)).toMatchObject({ type: 'purchase', item: '85123A', value: 15.3, attributes: { invoice: '536365', country: 'United Kingdom' } })
    const ret = parseRetailLine('C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom')!
    expect(toHistoryEvent(ret)).toMatchObject({ type: 'return', value: -27.5 })
  })

  it('tells products from fees and postage', () => {
    expect(isProduct('85123A')).toBe(true)
    expect(isProduct('22423')).toBe(true)
    for (const code of ['POST', 'D', 'M', 'BANK CHARGES', 'AMAZONFEE', 'DOT', 'C2']) expect(isProduct(code)).toBe(false)
  })
})
