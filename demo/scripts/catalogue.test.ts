import { describe, expect, it } from 'vitest'
import { buildCatalogue, categorize, pickCustomers } from './catalogue.ts'
import type { RetailLine } from './retail-rows.ts'

const DAY = 86_400_000
const END = Date.parse('2011-12-09T12:00:00Z')

function line(customerId: string, invoice: string, stockCode: string, quantity: number, daysBeforeEnd: number, unitPrice = 2): RetailLine {
  return { invoice, stockCode, description: `ITEM ${stockCode}`, quantity, timestamp: END - daysBeforeEnd * DAY, unitPrice, customerId, country: 'United Kingdom' }
}

describe('catalogue', () => {
  it('ranks products by units sold, uses the most common price and skips fees and cancellations', () => {
    const lines = [
      line('1', '1', '10001', 5, 1, 2), line('1', '2', '10001', 5, 2, 2), line('2', '3', '10001', 1, 3, 3),
      line('1', '4', '10002', 20, 1, 1), line('1', 'C5', '10003', -100, 1, 1), line('1', '6', 'POST', 50, 1, 18),
    ]
    const cat = buildCatalogue(lines, 10, 0)
    expect(cat.map((p) => p.code)).toEqual(['10002', '10001'])
    expect(cat[1]).toMatchObject({ price: 2, sold: 11, name: 'ITEM 10001' })
  })

  it('adds `more` products spread over the long tail', () => {
    const lines = Array.from({ length: 50 }, (_, i) => line('1', String(i), String(20000 + i), 100 - i, 1))
    const cat = buildCatalogue(lines, 5, 5)
    expect(cat).toHaveLength(10)
    expect(cat.slice(0, 5).map((p) => p.code)).toEqual(['20000', '20001', '20002', '20003', '20004'])
    expect(new Set(cat.map((p) => p.code)).size).toBe(10)
  })

  it('categorizes by keyword', () => {
    expect(categorize('WHITE HANGING HEART T-LIGHT HOLDER')).toBe('Candles & lights')
    expect(categorize('JUMBO BAG RED RETROSPOT')).toBe('Bags')
    expect(categorize('WORLD WAR 2 GLIDERS ASSTD DESIGNS')).toBe('Gifts')
  })
})

describe('customer picks', () => {
  it('picks customers per segment with their events sorted by time', () => {
    const lines: RetailLine[] = []
    for (let i = 0; i < 15; i++) lines.push(line('loyal', `L${i}`, '10001', 1, 1 + i * 10))
    for (let i = 0; i < 3; i++) lines.push(line('lapsed', `P${i}`, '10001', 1, 200 + i * 10))
    lines.push(line('once', 'O1', '10001', 2, 50))
    lines.push(line('once', 'CO1', '10001', -1, 40))
    const picked = pickCustomers(lines.reverse(), END)
    const byId = new Map(picked.map((c) => [c.id, c]))
    expect(byId.get('loyal')?.segment).toBe('loyal')
    expect(byId.get('lapsed')?.segment).toBe('lapsed')
    expect(byId.get('once')?.segment).toBe('one-time')
    const once = byId.get('once')!
    expect(once.events.map((e) => e.type)).toEqual(['purchase', 'return'])
    expect(once.orders).toBe(1)
    for (const c of picked) expect(c.events.every((e, i) => i === 0 || c.events[i - 1]!.timestamp <= e.timestamp)).toBe(true)
  })

  it('loads the history `historyOf` gives (the simulated events) and picks only customers that have one', () => {
    const lines: RetailLine[] = []
    for (let i = 0; i < 3; i++) lines.push(line('lapsed', `P${i}`, '10001', 1, 200 + i * 10))
    lines.push(line('once', 'O1', '10001', 2, 50))
    const browsing = [
      { type: 'productView', timestamp: END - 51 * DAY, item: '10001', value: 2 },
      { type: 'purchase', timestamp: END - 50 * DAY, item: '10001', value: 4 },
    ]
    const picked = pickCustomers(lines, END, 600, (id) => (id === 'once' ? browsing : undefined))
    expect(picked.map((c) => [c.id, c.segment])).toEqual([['once', 'one-time']])
    expect(picked[0]!.events.map((e) => e.type)).toEqual(['productView', 'purchase'])
  })

  it('leaves out accounts with more than maxEvents lines', () => {
    const lines = Array.from({ length: 20 }, (_, i) => line('big', `B${i}`, '10001', 1, i))
    expect(pickCustomers(lines, END, 10)).toEqual([])
  })
})
