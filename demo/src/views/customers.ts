/**
 * "Shop as customer …": pick a real customer; the SDK's on-device data is erased (`forget()`) and that
 * customer's past events are loaded (`load(history)`), so the panel shows their current scores.
 */
import { day, esc, money } from '../format.ts'
import type { ViewContext } from './context.ts'

const SEGMENTS: Record<string, string> = {
  loyal: 'Loyal: many orders, bought recently',
  regular: 'Regular: a few orders, active lately',
  lapsed: 'Lapsed: no order for 4+ months',
  'one-time': 'One order only',
  returner: 'Often returns goods',
}

/** Switches the visitor to customer `id` (or to a fresh anonymous visitor for `null`). */
export async function becomeCustomer(ctx: ViewContext, id: string | null): Promise<void> {
  const customer = id ? ctx.data.customers.find((c) => c.id === id) : null
  await ctx.auspex.forget()
  ctx.clock.reset()
  ctx.cart.clear()
  ctx.panel.resetHistory()
  if (customer) await ctx.auspex.load(customer.events)
  ctx.setCustomer(customer?.id ?? null)
  await ctx.panel.rescore()
  ctx.announce(customer ? `Now shopping as customer ${customer.id}: ${customer.events.length} past events loaded` : 'Now shopping as a new visitor')
}

/** Renders `#/customers`. */
export function renderCustomers(ctx: ViewContext): void {
  const current = ctx.customerId()
  ctx.main.innerHTML = `
    <h1>Shop as customer …</h1>
    <p>Pick one of ${ctx.data.customers.length} real customers of the data. Their past orders and returns are loaded into the
      SDK's on-device history, so you see their scores as of the end of the data (${day(ctx.data.meta.historyEnd)}), then keep shopping as them.</p>
    <p><button type="button" data-customer="" ${current === null ? 'aria-pressed="true"' : ''}>Shop as a new visitor</button></p>
    <table class="customers">
      <caption class="sr-only">Customers</caption>
      <thead><tr><th scope="col">Customer</th><th scope="col">Profile</th><th scope="col">Country</th><th scope="col">Orders</th><th scope="col">Spend</th><th scope="col">Last order</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
      <tbody>${ctx.data.customers.map((c) => `
        <tr ${c.id === current ? 'class="current"' : ''}>
          <th scope="row" class="c-id">${esc(c.id)}</th>
          <td class="c-profile">${esc(SEGMENTS[c.segment] ?? c.segment)}</td>
          <td class="c-fact" data-label="Country">${esc(c.country)}</td>
          <td class="c-fact" data-label="Orders">${c.orders}</td>
          <td class="c-fact" data-label="Spend">${money(c.spend)}</td>
          <td class="c-fact" data-label="Last order">${day(c.lastOrder)}</td>
          <td class="c-action"><button type="button" data-customer="${esc(c.id)}" data-testid="shop-as-${esc(c.id)}" ${c.id === current ? 'aria-pressed="true"' : ''}>Shop as ${esc(c.id)}</button></td>
        </tr>`).join('')}
      </tbody>
    </table>`
  ctx.main.querySelectorAll<HTMLButtonElement>('[data-customer]').forEach((b) => b.addEventListener('click', async () => {
    b.disabled = true
    await becomeCustomer(ctx, b.dataset.customer || null)
    location.hash = '#/'
  }))
}
