/**
 * "Shop as customer …": pick a real customer, as if they logged in on this browser. The SDK's on-device data is
 * erased (`forget()`), the demo's backend signs a grant for the customer (`POST /__auspex/grant`), and
 * `identify(id, { grant })` fetches their profile state from the edge's profile store (published by `pnpm start`
 * with `auspex score --publish-profiles`): the panel shows the scores of their whole history, which never enters
 * the page — and every event from here on merges into it.
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

/** The demo backend's grant for `id` (a real site's backend signs one for its logged-in customer only), or an error text. */
async function grantFor(id: string): Promise<{ grant: string } | { error: string }> {
  try {
    const res = await fetch('/__auspex/grant', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ profileId: id }) })
    const body = (await res.json()) as { grant?: string; error?: { message?: string } }
    return body.grant ? { grant: body.grant } : { error: body.error?.message ?? `HTTP ${res.status}` }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

/** Switches the visitor to customer `id` (or to a fresh anonymous visitor for `null`). */
export async function becomeCustomer(ctx: ViewContext, id: string | null): Promise<void> {
  const customer = id ? ctx.data.customers.find((c) => c.id === id) : null
  await ctx.auspex.forget()
  ctx.clock.reset()
  ctx.cart.clear()
  ctx.panel.resetHistory()
  let note = 'Now shopping as a new visitor'
  if (customer) {
    const grant = await grantFor(customer.id)
    const result = 'grant' in grant ? await ctx.auspex.identify(customer.id, grant) : null
    note = result
      ? `Now shopping as customer ${customer.id}: scores from their profile at the edge (scored ${day(Date.parse(result.scoredAt ?? ''))})`
      : `Now shopping as customer ${customer.id}, but their profile could not be read (${'error' in grant ? grant.error : 'see the SDK problems'}); scoring from this visit only`
  }
  ctx.setCustomer(customer?.id ?? null)
  await ctx.panel.rescore()
  ctx.announce(note)
}

/** Renders `#/customers`. */
export function renderCustomers(ctx: ViewContext): void {
  const current = ctx.customerId()
  ctx.main.innerHTML = `
    <h1>Shop as customer …</h1>
    <p>Pick one of ${ctx.data.customers.length} real customers of the data, as if they logged in here. The shop's backend signs a
      short-lived grant for them and the SDK's <code>identify</code> fetches their profile from the edge (scored by
      <code>auspex score --publish-profiles</code> as of the end of the data, ${day(ctx.data.meta.historyEnd)}): you see their scores
      from their whole history — which never enters this page — then keep shopping as them.</p>
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
