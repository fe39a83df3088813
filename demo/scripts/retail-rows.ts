/**
 * Reading the bundled UCI Online Retail export into the demo's shapes: one CSV row → one retail line,
 * and a retail line → the event the trainer's `online-retail` preset makes of it (`purchase` with the
 * line total as value, `return` for cancellations), so loaded histories match what the model saw.
 */

/** One row of online_retail.csv. */
export interface RetailLine {
  invoice: string
  stockCode: string
  description: string
  quantity: number
  /** epoch ms, InvoiceDate read as UTC */
  timestamp: number
  unitPrice: number
  customerId: string
  country: string
}

/** An event as the SDK's `load()` takes it: a real purchase or return, or (from the simulator) a browsing event. */
export interface HistoryEvent {
  type: string
  timestamp: number
  item?: string
  value?: number
  attributes?: { invoice: string; country: string }
}

/** Splits one CSV line (RFC 4180 quoting, `""` escapes) into fields. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i++ }
      else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') { out.push(field); field = '' }
    else field += c
  }
  out.push(field)
  return out
}

/** Parses one data row; `null` when it is malformed (wrong column count, unreadable number or date). */
export function parseRetailLine(line: string): RetailLine | null {
  const f = splitCsvLine(line)
  if (f.length !== 8) return null
  const [invoice, stockCode, description, qty, date, price, customer, country] = f as [string, string, string, string, string, string, string, string]
  const quantity = Number(qty)
  const unitPrice = Number(price)
  const timestamp = Date.parse(`${date.replace(' ', 'T')}Z`)
  if (!Number.isFinite(quantity) || !Number.isFinite(unitPrice) || !Number.isFinite(timestamp)) return null
  return {
    invoice, stockCode: stockCode.trim().toUpperCase(), description: description.trim(), quantity, timestamp, unitPrice,
    customerId: customer.replace(/\.0$/, ''), country,
  }
}

/** Stock codes that are fees, postage or adjustments rather than products. */
export function isProduct(stockCode: string): boolean {
  return /^\d{5}[A-Z]{0,2}$/.test(stockCode)
}

/** A line's total in GBP, rounded to pence: Quantity × UnitPrice (negative for a cancellation). */
export function lineTotal(line: RetailLine): number {
  return Math.round(line.quantity * line.unitPrice * 100) / 100
}

/** The event a retail line becomes: `purchase` (value = line total) or `return` for a cancellation (value = the negative line total), exactly as the preset maps them. */
export function toHistoryEvent(line: RetailLine): HistoryEvent & { type: 'purchase' | 'return' } {
  const total = lineTotal(line)
  const isReturn = line.quantity < 0 || line.invoice.startsWith('C')
  return {
    type: isReturn ? 'return' : 'purchase',
    timestamp: line.timestamp,
    item: line.stockCode,
    value: total,
    attributes: { invoice: line.invoice, country: line.country },
  }
}
