/** A product page: tracks `productView`; quantity and "Add to cart" (tracks `addToCart`). */
import { esc, money, titleCase } from '../format.ts'
import { productTile, type ViewContext } from './context.ts'

/** Renders `#/product/:code`. */
export function renderProduct(ctx: ViewContext, code: string): void {
  const p = ctx.data.byCode.get(code)
  if (!p) {
    ctx.main.innerHTML = `<h1>Not found</h1><p>No product with code ${esc(code)}. <a href="#/">Back to the shop</a></p>`
    return
  }
  ctx.auspex.track({ type: 'productView', item: p.code, value: p.price, attributes: { category: p.category } })
  const related = ctx.data.catalogue.filter((o) => o.category === p.category && o.code !== p.code).slice(0, 4)
  ctx.main.innerHTML = `
    <nav class="crumbs" aria-label="breadcrumb"><a href="#/">Shop</a> › <a href="#/?cat=${encodeURIComponent(p.category)}">${esc(p.category)}</a></nav>
    <article class="product">
      ${productTile(p.code, p.name, 'lg')}
      <div>
        <h1>${esc(titleCase(p.name))}</h1>
        <p class="muted">Stock code ${esc(p.code)} · ${p.sold.toLocaleString('en-GB')} sold in the data</p>
        <p class="price">${money(p.price)}</p>
        <form class="add-form" data-testid="add-form">
          <label>Quantity <input type="number" name="quantity" min="1" max="999" value="1" required></label>
          <button type="submit">Add to cart</button>
        </form>
        <p class="added" data-testid="added-status" aria-hidden="true"></p>
      </div>
    </article>
    ${related.length ? `<h2>More in ${esc(p.category)}</h2><ul class="related">${related.map((o) => `<li><a href="#/product/${encodeURIComponent(o.code)}">${esc(titleCase(o.name))}</a> ${money(o.price)}</li>`).join('')}</ul>` : ''}`
  ctx.main.querySelector('form')?.addEventListener('submit', (e) => {
    e.preventDefault()
    const quantity = Math.max(1, Math.min(999, Number(new FormData(e.target as HTMLFormElement).get('quantity')) || 1))
    ctx.cart.add(p.code, quantity)
    ctx.auspex.track({ type: 'addToCart', item: p.code, value: Math.round(p.price * quantity * 100) / 100, attributes: { quantity, category: p.category } })
    const message = `Added ${quantity} × ${titleCase(p.name)} to the cart`
    // confirmed next to the button, where the shopper looks (a toast would cover it on a phone)
    const status = ctx.main.querySelector<HTMLElement>('[data-testid="added-status"]')
    if (status) status.textContent = `✓ ${message}`
    ctx.announce(message, true)
  })
}
