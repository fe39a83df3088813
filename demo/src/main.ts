/** The demo shop: loads the data, starts the SDK, mounts the live panel and routes between the views. */
import { startAuspex } from './auspex-client.ts'
import { createCart } from './cart.ts'
import { createDemoClock } from './clock.ts'
import { loadDemoData } from './data.ts'
import { dateTime, esc } from './format.ts'
import { GOAL_SENSES } from './goal-files.ts'
import { mountPanel } from './panel.ts'
import { logProblem } from './sdk-problems.ts'
import { renderCart } from './views/cart.ts'
import type { ViewContext } from './views/context.ts'
import { renderCustomers } from './views/customers.ts'
import { renderModel } from './views/models.ts'
import { renderProduct } from './views/product.ts'
import { renderShop } from './views/shop.ts'
import { cacheLoadedPage, registerServiceWorker } from './offline-cache.ts'
import './styles.css'

const CUSTOMER_KEY = 'auspex-demo-customer'
const DAY = 86_400_000

async function boot(): Promise<void> {
  // caches the page and its data so a reload works offline; model artifacts are the SDK's business (IndexedDB)
  await registerServiceWorker()
  const main = document.getElementById('main')!
  const data = await loadDemoData()
  const clock = createDemoClock(data.meta.historyEnd, localStorage)
  const announceBox = document.getElementById('announce')!
  let timer: ReturnType<typeof setTimeout> | undefined
  const announce = (message: string, quiet = false): void => {
    announceBox.textContent = message
    if (quiet) { announceBox.classList.remove('show'); return }
    announceBox.classList.add('show')
    clearTimeout(timer)
    timer = setTimeout(() => announceBox.classList.remove('show'), 3000)
  }
  // the SDK never throws into the page: problems arrive here, and go to the console, not to the shopper
  const auspex = startAuspex(location.origin, clock.now, logProblem)
  const cart = createCart(localStorage)
  const panel = mountPanel(document.getElementById('panel')!, auspex, data.config.goals, GOAL_SENSES)
  const who = document.querySelector<HTMLElement>('[data-testid="who"]')!
  const cartCount = document.querySelector<HTMLElement>('[data-testid="cart-count"]')!
  const renderWho = (): void => {
    const id = localStorage.getItem(CUSTOMER_KEY)
    who.innerHTML = `${id ? `Shopping as customer <strong data-testid="current-customer">${esc(id)}</strong>` : 'Shopping as a new visitor'}
      · data time <time data-testid="clock">${dateTime(clock.now())}</time> UTC
      <button type="button" class="link" data-testid="fast-forward">Skip 7 days</button>`
    who.querySelector('button')?.addEventListener('click', async () => {
      clock.advance(7 * DAY)
      renderWho()
      await panel.rescore()
      announce('Moved the clock 7 days forward')
    })
  }
  const ctx: ViewContext = {
    data, auspex, cart, clock, panel, main, announce,
    customerId: () => localStorage.getItem(CUSTOMER_KEY),
    setCustomer(id) {
      if (id) localStorage.setItem(CUSTOMER_KEY, id)
      else localStorage.removeItem(CUSTOMER_KEY)
      renderWho()
    },
  }
  cart.onChange(() => { cartCount.textContent = String(cart.count()) })
  cartCount.textContent = String(cart.count())
  renderWho()
  setInterval(() => { const t = who.querySelector('time'); if (t) t.textContent = dateTime(clock.now()) }, 30_000)
  window.addEventListener('focus', () => void auspex.refresh())

  // `navigated`: an in-app navigation (a hash change), tracked as a page view; a reload re-renders without a new event
  const route = (navigated: boolean): void => {
    const [path = '', q = ''] = location.hash.replace(/^#/, '').split('?')
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent)
    for (const a of document.querySelectorAll<HTMLAnchorElement>('header nav a')) {
      const target = a.getAttribute('href') ?? ''
      if ((parts[0] ?? '') === (target.replace(/^#\/?/, '').split('/')[0] ?? '')) a.setAttribute('aria-current', 'page')
      else a.removeAttribute('aria-current')
    }
    if (parts[0] === 'product' && parts[1]) renderProduct(ctx, parts[1])
    else if (parts[0] === 'cart') renderCart(ctx)
    else if (parts[0] === 'customers') renderCustomers(ctx)
    else if (parts[0] === 'models') void renderModel(ctx, parts[1] ?? data.config.goals[0] ?? 'purchase-30d')
    else renderShop(ctx, new URLSearchParams(q), navigated)
    if (document.activeElement && document.activeElement !== document.body && !main.contains(document.activeElement)) main.focus({ preventScroll: true })
    window.scrollTo(0, 0)
  }
  window.addEventListener('hashchange', () => route(true))
  route(false)
  document.documentElement.dataset.ready = 'true'
  void cacheLoadedPage().catch(() => undefined)
}

boot().catch((e: unknown) => {
  const main = document.getElementById('main')
  if (main) main.innerHTML = `<h1>The demo could not start</h1><p role="alert">${esc((e as Error).message)}</p>`
  console.warn(e)
})
