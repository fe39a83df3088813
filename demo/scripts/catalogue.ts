/**
 * The demo's catalogue and customer picks, computed from retail lines: pure functions, no I/O.
 */
import type { HistoryEvent, RetailLine } from './retail-rows.ts'
import { isProduct, toHistoryEvent } from './retail-rows.ts'

export interface Product {
  code: string
  name: string
  /** most common unit price (GBP) */
  price: number
  category: string
  /** units sold in the data */
  sold: number
}

export interface DemoCustomer {
  id: string
  country: string
  segment: 'loyal' | 'regular' | 'lapsed' | 'one-time' | 'returner'
  orders: number
  spend: number
  lastOrder: number
  events: HistoryEvent[]
}

const CATEGORIES: Array<[string, RegExp]> = [
  ['Christmas', /CHRISTMAS|XMAS|ADVENT|SANTA|REINDEER|SNOWFLAKE/],
  ['Bags', /\bBAGS?\b|PURSE|LUNCH BOX/],
  ['Candles & lights', /CANDLE|T-LIGHT|TEALIGHT|LANTERN|LIGHTS?\b|NIGHT LIGHT/],
  ['Kitchen', /MUG|CUP|PLATE|BOWL|TEAPOT|CAKE|BAKING|JAM|SPOON|TEA |NAPKIN|TRAY|BOTTLE|CUTLERY|KITCHEN|TIN/],
  ['Stationery', /CARD|PAPER|WRAP|NOTEBOOK|PEN\b|PENCIL|STICKER|TAPE|CHALK|BOOK/],
  ['Home decor', /HEART|\bSIGN\b|FRAME|CLOCK|MIRROR|CUSHION|HOOK|HANGER|DOORSTOP|VASE|DECORATION|GARLAND|BUNTING|WALL/],
  ['Toys & games', /TOY|GAME|DOLL|SPACEBOY|CIRCUS|SKITTLES|PLAYHOUSE|JIGSAW/],
]

/** A category from the product name (first keyword match), else "Gifts". */
export function categorize(name: string): string {
  for (const [category, re] of CATEGORIES) if (re.test(name)) return category
  return 'Gifts'
}

function mode(counts: Map<number, number>): number {
  let best = 0
  let bestCount = -1
  for (const [v, c] of counts) if (c > bestCount || (c === bestCount && v < best)) { best = v; bestCount = c }
  return best
}

/**
 * The `top` best-selling products (by units) plus `more` further ones spread evenly over the rest of
 * the ranking, so the shop shows both staples and the long tail.
 */
export function buildCatalogue(lines: Iterable<RetailLine>, top = 300, more = 300): Product[] {
  const acc = new Map<string, { names: Map<string, number>; prices: Map<number, number>; sold: number }>()
  for (const l of lines) {
    if (!isProduct(l.stockCode) || l.quantity <= 0 || l.unitPrice <= 0 || l.invoice.startsWith('C')) continue
    let a = acc.get(l.stockCode)
    if (!a) { a = { names: new Map(), prices: new Map(), sold: 0 }; acc.set(l.stockCode, a) }
    a.sold += l.quantity
    if (l.description) a.names.set(l.description, (a.names.get(l.description) ?? 0) + 1)
    a.prices.set(l.unitPrice, (a.prices.get(l.unitPrice) ?? 0) + 1)
  }
  const ranked = [...acc.entries()].filter(([, a]) => a.names.size > 0).sort((x, y) => y[1].sold - x[1].sold || x[0].localeCompare(y[0]))
  const rest = ranked.slice(top)
  const step = rest.length / Math.max(1, more)
  const picked = [...ranked.slice(0, top), ...Array.from({ length: Math.min(more, rest.length) }, (_, i) => rest[Math.floor(i * step)]!)]
  return picked.map(([code, a]) => {
    const name = [...a.names.entries()].sort((x, y) => y[1] - x[1])[0]![0]
    return { code, name, price: mode(a.prices), category: categorize(name), sold: a.sold }
  })
}

interface CustomerAcc { country: string; invoices: Set<string>; returns: number; spend: number; last: number; lines: RetailLine[] }

/**
 * The history a picked customer loads: by default their real lines as events; `pnpm start` passes each
 * simulated customer's events instead (real purchases and returns plus simulated browsing), and only
 * customers with a history there can be picked.
 */
export type HistoryOf = (id: string, lines: readonly RetailLine[]) => HistoryEvent[] | undefined

const realHistory: HistoryOf = (_id, lines) => lines.map(toHistoryEvent)

/**
 * About 20 real customers with varied behaviour, chosen deterministically: loyal (many orders, recent),
 * regular, lapsed (no order in the last 4 months), one-time buyers and frequent returners. Accounts with a
 * history of more than `maxEvents` events are left out to keep the page light.
 */
export function pickCustomers(lines: Iterable<RetailLine>, historyEnd: number, maxEvents = 600, historyOf: HistoryOf = realHistory): DemoCustomer[] {
  const acc = new Map<string, CustomerAcc>()
  for (const l of lines) {
    if (!l.customerId) continue
    let a = acc.get(l.customerId)
    if (!a) { a = { country: l.country, invoices: new Set(), returns: 0, spend: 0, last: 0, lines: [] }; acc.set(l.customerId, a) }
    a.lines.push(l)
    if (l.quantity < 0 || l.invoice.startsWith('C')) a.returns++
    else { a.invoices.add(l.invoice); a.spend += l.quantity * l.unitPrice; a.last = Math.max(a.last, l.timestamp) }
  }
  const day = 86_400_000
  const all = [...acc.entries()]
    .filter(([, a]) => a.invoices.size > 0)
    .map(([id, a]) => ({ id, a, events: historyOf(id, a.lines) }))
    .filter((c): c is { id: string; a: CustomerAcc; events: HistoryEvent[] } => c.events !== undefined && c.events.length <= maxEvents)
    .sort((x, y) => x.id.localeCompare(y.id))
  const groups: Array<[DemoCustomer['segment'], number, (a: CustomerAcc) => boolean]> = [
    ['loyal', 5, (a) => a.invoices.size >= 12 && historyEnd - a.last < 14 * day],
    ['regular', 4, (a) => a.invoices.size >= 4 && a.invoices.size < 12 && historyEnd - a.last < 45 * day],
    ['lapsed', 4, (a) => a.invoices.size >= 3 && historyEnd - a.last > 120 * day],
    ['one-time', 4, (a) => a.invoices.size === 1],
    ['returner', 3, (a) => a.returns >= 10 && a.invoices.size >= 4],
  ]
  const chosen = new Set<string>()
  const out: DemoCustomer[] = []
  for (const [segment, n, test] of groups) {
    const candidates = all.filter((c) => !chosen.has(c.id) && test(c.a))
    const step = Math.max(1, candidates.length / n)
    for (let i = 0; i < n && i < candidates.length; i++) {
      const { id, a, events } = candidates[Math.floor(i * step)]!
      chosen.add(id)
      const sorted = [...events].sort((x, y) => x.timestamp - y.timestamp)
      out.push({ id, country: a.country, segment, orders: a.invoices.size, spend: Math.round(a.spend * 100) / 100, lastOrder: a.last, events: sorted })
    }
  }
  return out
}
