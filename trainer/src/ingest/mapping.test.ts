import { describe, expect, it } from 'vitest'
import { parseMapArgs, presetForHeader, referencedColumns, resolveMapping } from './mapping.ts'

describe('parseMapArgs', () => {
  it('parses field=column and field=expression, keeping "=" inside the expression', () => {
    expect(parseMapArgs(['profileId=CustomerID', 'value = Quantity*UnitPrice', "type=CASE WHEN a = 'x' THEN 'y' END", 'attributes.shop=Shop']))
      .toEqual({ profileId: 'CustomerID', value: 'Quantity*UnitPrice', type: "CASE WHEN a = 'x' THEN 'y' END", 'attributes.shop': 'Shop' })
  })

  it('names the bad argument and lists the valid fields', () => {
    expect(() => parseMapArgs(['customer=CustomerID'])).toThrow(/--map customer=…: unknown field; valid fields: profileId, timestamp, type, value, item, attributes\.<name>/)
    expect(() => parseMapArgs(['profileId'])).toThrow(/--map profileId: expected field=column/)
  })
})

describe('resolveMapping', () => {
  const cols = (names: string[]) => names.map((name) => ({ name, scalar: true }))

  it('matches columns case-insensitively, uses expressions as SQL, and turns unused columns into attributes', () => {
    const r = resolveMapping('f.csv', cols(['ProfileID', 'ts', 'kind', 'qty', 'price', 'shop']), { timestamp: 'ts', type: 'kind', value: 'qty * price' })
    expect(r.fields).toEqual({ profileId: '"ProfileID"', timestamp: '"ts"', type: '"kind"', value: '(qty * price)', item: null })
    expect(r.attributes).toEqual([['shop', '"shop"']])
  })

  it('finds the columns an expression mentions', () => {
    expect(referencedColumns("CASE WHEN starts_with(InvoiceNo, 'C') THEN 1 END", ['InvoiceNo', 'Invoice', 'No'])).toEqual(['InvoiceNo'])
  })

  it('selects the Online Retail preset only for its exact header', () => {
    const header = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country']
    expect(presetForHeader(header)?.name).toBe('online-retail')
    expect(presetForHeader([...header, 'Extra'])).toBeUndefined()
  })
})
