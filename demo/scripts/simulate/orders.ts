/**
 * The real side of the simulation: Online Retail's lines grouped into each identified customer's orders
 * (an order = the invoices a customer placed at the same minute) and returns, and the seeded customer sample.
 */
import type { RetailLine } from '../retail-rows.ts'
import type { Prng } from './prng.ts'

/** One order: the lines of the invoices a customer placed at one time. */
export interface Order {
  /** epoch ms of the order's earliest line: its session ends before it */
  time: number
  invoices: string[]
  lines: RetailLine[]
}

/** A real customer: their orders and their returns (cancellation lines), both in time order. */
export interface RealCustomer {
  id: string
  country: string
  orders: Order[]
  returns: RetailLine[]
}

/** A cancellation line (invoice "C…" or a negative quantity): the data's returns. */
export function isReturnLine(line: RetailLine): boolean {
  return line.quantity < 0 || line.invoice.startsWith('C')
}

/** Groups the lines of identified customers (rows without CustomerID are left out) into customers, by id. */
export function groupCustomers(lines: Iterable<RetailLine>): RealCustomer[] {
  const byId = new Map<string, { country: string; invoices: Map<string, RetailLine[]>; returns: RetailLine[] }>()
  for (const l of lines) {
    if (!l.customerId) continue
    let c = byId.get(l.customerId)
    if (!c) { c = { country: l.country, invoices: new Map(), returns: [] }; byId.set(l.customerId, c) }
    if (isReturnLine(l)) { c.returns.push(l); continue }
    const inv = c.invoices.get(l.invoice)
    if (inv) inv.push(l)
    else c.invoices.set(l.invoice, [l])
  }
  const out: RealCustomer[] = []
  for (const [id, c] of [...byId.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const returns = c.returns.sort((a, b) => a.timestamp - b.timestamp)
    out.push({ id, country: c.country, orders: toOrders(c.invoices), returns })
  }
  return out
}

function toOrders(invoices: Map<string, RetailLine[]>): Order[] {
  const byTime = new Map<number, Order>()
  for (const [invoice, lines] of invoices) {
    const time = lines.reduce((m, l) => Math.min(m, l.timestamp), Infinity)
    const order = byTime.get(time)
    if (order) { order.invoices.push(invoice); order.lines.push(...lines) }
    else byTime.set(time, { time, invoices: [invoice], lines: [...lines] })
  }
  return [...byTime.values()].sort((a, b) => a.time - b.time)
}

/** A seeded sample of about `share` of the customers (each kept with probability `share`, in id order). */
export function sampleCustomers(customers: readonly RealCustomer[], share: number, rng: Prng): RealCustomer[] {
  return customers.filter(() => rng.chance(share))
}
