/**
 * The cart page and checkout: `removeFromCart` when a quantity goes down; at checkout a `checkout` (value = the
 * order total), then one `purchase` event per cart line (item, value = line total), like the data.
 */
import { esc, money, titleCase } from '../format.ts'
import type { ViewContext } from './context.ts'

/** Renders `#/cart`. */
export function renderCart(ctx: ViewContext, done?: { invoice: string; total: number }): void {
  const lines = ctx.cart.priced(ctx.data.byCode)
  const total = lines.reduce((s, l) => s + l.total, 0)
  ctx.main.innerHTML = `
    <h1>Cart</h1>
    ${done ? `<p class="success" role="status" data-testid="order-done">Thank you! Order ${esc(done.invoice)} (${money(done.total)}) is placed — watch the scores.</p>` : ''}
    ${lines.length === 0 ? '<p>Your cart is empty. <a href="#/">Browse the shop</a>.</p>' : `
    <table class="cart-table">
      <caption class="sr-only">Cart lines</caption>
      <thead><tr><th scope="col">Product</th><th scope="col">Price</th><th scope="col">Quantity</th><th scope="col">Total</th></tr></thead>
      <tbody>${lines.map((l) => `
        <tr>
          <td><a href="#/product/${encodeURIComponent(l.code)}">${esc(titleCase(l.product.name))}</a></td>
          <td>${money(l.product.price)}</td>
          <td><label class="sr-only" for="qty-${esc(l.code)}">Quantity of ${esc(titleCase(l.product.name))}</label>
              <input id="qty-${esc(l.code)}" type="number" min="0" max="999" value="${l.quantity}" data-qty="${esc(l.code)}"></td>
          <td>${money(l.total)}</td>
        </tr>`).join('')}
      </tbody>
      <tfoot><tr><th scope="row" colspan="3">Total</th><td data-testid="cart-total">${money(total)}</td></tr></tfoot>
    </table>
    <button type="button" class="primary" data-testid="checkout">Check out</button>`}`
  ctx.main.querySelectorAll<HTMLInputElement>('[data-qty]').forEach((input) => input.addEventListener('change', () => {
    const code = input.dataset.qty ?? ''
    const line = lines.find((l) => l.code === code)
    const quantity = Math.max(0, Number(input.value) || 0)
    if (line && quantity < line.quantity) {
      const removed = line.quantity - quantity
      ctx.auspex.track({ type: 'removeFromCart', item: code, value: Math.round(line.product.price * removed * 100) / 100, attributes: { quantity: removed } })
    }
    ctx.cart.set(code, quantity)
    renderCart(ctx)
  }))
  ctx.main.querySelector('[data-testid="checkout"]')?.addEventListener('click', () => {
    const invoice = `W${Math.floor(ctx.clock.now() / 1000) % 1_000_000}`
    ctx.auspex.track({ type: 'checkout', value: Math.round(total * 100) / 100, attributes: { invoice } })
    for (const l of lines) {
      ctx.auspex.track({ type: 'purchase', item: l.code, value: l.total, attributes: { invoice, quantity: l.quantity } })
    }
    ctx.cart.clear()
    ctx.announce(`Order ${invoice} placed`, true) // the page says it in place
    renderCart(ctx, { invoice, total })
  })
}
