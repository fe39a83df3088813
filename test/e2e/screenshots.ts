/**
 * Dev script (not a test): screenshots of every demo page at desktop (1280×800) and phone (390×844) widths, to
 * look at the demo as a person sees it. Needs a running demo (`pnpm start`):
 *
 *   pnpm --filter @auspex/test exec tsx e2e/screenshots.ts [shop URL] [out dir]
 *
 * defaults: http://127.0.0.1:5173 and test-results/screens (git-ignored). Each width gets a fresh browser
 * profile, shops as a new visitor (product view, add to cart, checkout), then visits the other pages.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { ROOT } from './stack.ts'

const shopUrl = (process.argv[2] ?? 'http://127.0.0.1:5173').replace(/\/$/, '')
const outDir = process.argv[3] ?? join(ROOT, 'test-results/screens')
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const

async function settle(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid^="goal-body-"] :is([data-testid^="score-"], [data-testid^="not-eligible-"], [data-testid^="no-score-"])', { timeout: 60_000 })
  await page.waitForTimeout(600)
}

/**
 * Renders a hand-made score with `changes` into the purchase card through the dev server's own modules, to see
 * the "why it moved" block before the SDK delivers `changes` (the next real score replaces it).
 */
async function previewChange(page: Page): Promise<void> {
  await page.goto(`${shopUrl}/#/`)
  await settle(page)
  const terms = [
    { code: 'addToCart_today', label: 'Added to cart 2× today', delta: 0.31 },
    { code: 'visits_today', label: '1 visit today', delta: 0.15 },
    { code: 'hour', label: 'Hour of day 13', delta: -0.021 },
    { code: 'days_since', label: 'Last seen today', delta: -0.012 },
  ]
  const factor = (code: string, label: string, contribution: number) =>
    ({ code, label, value: 1, contribution, importance: 'medium' as const, direction: contribution >= 0 ? 'up' as const : 'down' as const })
  const score = {
    probability: 0.18, score: 18, percentile: 31, bucket: 'low' as const, modelVersion: 'hand-made', eligible: true,
    factors: [factor('a', 'Added to cart 2× today', 0.52), factor('b', '1 visit in total', -0.18), factor('c', 'No purchase yet', -0.12)],
    changes: { points: 4, logit: terms.reduce((s, t) => s + t.delta, 0), probability: 0.04, terms, cause: ['addToCart'], since: 0 },
  }
  // only an import and a call run in the page (tsx would add helpers that do not exist there to a bigger function)
  await page.evaluate(async ({ s, url }) => {
    const view = (await import(url)) as typeof import('../../demo/src/score-view.ts')
    const body = document.querySelector('[data-testid="goal-body-purchase-30d"]')
    if (body) body.innerHTML = view.renderScoreBody('purchase-30d', s, { propensity: 'conversion', activeWithin: '365d' }, [14, 18])
  }, { s: score, url: '/src/score-view.ts' })
}

async function shoot(name: keyof typeof SIZES): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.AUSPEX_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const context = await browser.newContext({ viewport: SIZES[name], deviceScaleFactor: 1 })
  const page = await context.newPage()
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log(`  [${name} console.${m.type()}] ${m.text()}`) })
  const snap = async (label: string, fullPage = false): Promise<void> => {
    const path = join(outDir, `${name}-${label}.png`)
    await page.screenshot({ path, fullPage })
    console.log(path)
  }
  await page.goto(`${shopUrl}/`)
  await settle(page)
  await snap('1-home-new-visitor')
  await page.goto(`${shopUrl}/#/product/85123A`)
  await settle(page)
  await snap('2-product-viewed')
  await page.click('[data-testid="add-form"] button[type="submit"]')
  await page.waitForTimeout(800)
  await snap('3-added-to-cart')
  await page.goto(`${shopUrl}/#/cart`)
  await page.click('[data-testid="checkout"]')
  await page.waitForSelector('[data-testid="order-done"]')
  await page.waitForTimeout(800)
  await snap('4-checked-out')
  await snap('4-checked-out-full', true)
  await page.goto(`${shopUrl}/#/customers`)
  await settle(page)
  await snap('5-customers')
  await snap('5-customers-full', true)
  await previewChange(page)
  await snap('7-change-preview-hand-made')
  if (name === 'phone') {
    await page.click('[data-testid="panel-toggle"]')
    await snap('7-change-preview-hand-made-open')
    await page.click('[data-testid="panel-toggle"]')
  }
  await page.goto(`${shopUrl}/#/models/purchase-30d`)
  await page.waitForSelector('[data-testid="active-version"], .error', { timeout: 30_000 })
  await page.waitForTimeout(1500)
  await snap('6-model-page')
  await browser.close()
}

mkdirSync(outDir, { recursive: true })
for (const name of Object.keys(SIZES) as Array<keyof typeof SIZES>) await shoot(name)
