/** The catalogue: category filter, search, product cards with "Add to cart" (tracks `pageView` or `search`, and `addToCart`). */
import { esc, money, titleCase } from '../format.ts'
import { productTile, type ViewContext } from './context.ts'

const PAGE = 48

/**
 * Renders the shop at `#/` (query: `cat`, `q`, `page`). After an in-app navigation (`navigated`) it tracks a
 * `search` when there is a query, else a `pageView`; a reload of the page adds no event, so it re-scores the same history.
 */
export function renderShop(ctx: ViewContext, query: URLSearchParams, navigated = true): void {
  const cat = query.get('cat') ?? ''
  const q = (query.get('q') ?? '').trim()
  const page = Math.max(1, Number(query.get('page') ?? 1) || 1)
  const categories = [...new Set(ctx.data.catalogue.map((p) => p.category))].sort()
  const matches = ctx.data.catalogue.filter((p) => (!cat || p.category === cat) && (!q || p.name.toLowerCase().includes(q.toLowerCase()) || p.code.toLowerCase() === q.toLowerCase()))
  const shown = matches.slice((page - 1) * PAGE, page * PAGE)
  // the event types of the simulated shop data the models learn from: a page view, or a search when there is a query
  if (navigated && q) ctx.auspex.track({ type: 'search', attributes: { query: q } })
  else if (navigated) ctx.auspex.track({ type: 'pageView', attributes: { page: cat ? 'category' : 'shop' } })
  const link = (params: Record<string, string | number>): string => {
    const p = new URLSearchParams({ ...(cat ? { cat } : {}), ...(q ? { q } : {}) })
    for (const [k, v] of Object.entries(params)) { if (v === '' ) p.delete(k); else p.set(k, String(v)) }
    const s = p.toString()
    return `#/${s ? `?${s}` : ''}`
  }
  ctx.main.innerHTML = `
    <h1>Shop <span class="muted">${matches.length} products</span></h1>
    <form class="filters" role="search" data-testid="search-form">
      <label>Category
        <select name="cat">
          <option value="">All</option>
          ${categories.map((c) => `<option ${c === cat ? 'selected' : ''}>${esc(c)}</option>`).join('')}
        </select>
      </label>
      <label>Search <input type="search" name="q" value="${esc(q)}" placeholder="e.g. heart, lantern, 85123A"></label>
      <button type="submit">Filter</button>
    </form>
    <ul class="grid" aria-label="products">
      ${shown.map((p) => `
        <li class="card">
          <a href="#/product/${encodeURIComponent(p.code)}" class="card-link">
            ${productTile(p.code, p.name)}
            <span class="card-name">${esc(titleCase(p.name))}</span>
          </a>
          <span class="card-price">${money(p.price)}</span>
          <button type="button" data-add="${esc(p.code)}" aria-label="Add ${esc(titleCase(p.name))} to cart">Add to cart</button>
        </li>`).join('')}
    </ul>
    <nav class="pager" aria-label="pages">
      ${page > 1 ? `<a href="${link({ page: page - 1 })}">← Previous</a>` : ''}
      <span>Page ${page} of ${Math.max(1, Math.ceil(matches.length / PAGE))}</span>
      ${page * PAGE < matches.length ? `<a href="${link({ page: page + 1 })}">Next →</a>` : ''}
    </nav>`
  ctx.main.querySelector('form')?.addEventListener('submit', (e) => {
    e.preventDefault()
    const form = new FormData(e.target as HTMLFormElement)
    const p = new URLSearchParams()
    for (const k of ['cat', 'q']) { const v = String(form.get(k) ?? ''); if (v) p.set(k, v) }
    location.hash = `#/${p.toString() ? `?${p}` : ''}`
  })
  ctx.main.querySelectorAll<HTMLButtonElement>('[data-add]').forEach((b) => b.addEventListener('click', () => {
    const product = ctx.data.byCode.get(b.dataset.add ?? '')
    if (!product) return
    ctx.cart.add(product.code, 1)
    ctx.auspex.track({ type: 'addToCart', item: product.code, value: product.price, attributes: { quantity: 1, category: product.category } })
    ctx.announce(`Added ${titleCase(product.name)} to the cart`, true)
    // the button itself confirms, where the shopper looks (a toast would cover other cards on a phone)
    b.textContent = 'Added ✓'
    setTimeout(() => { b.textContent = 'Add to cart' }, 1500)
  }))
}
