/**
 * Why a score moved, as the SDK delivers it on each score (`changes`, absent on the first score of a goal, after
 * `forget()` and when the model version changed). Typed here and read defensively, so the demo works with an
 * SDK that does not deliver it yet.
 */

/** One term's change of its contribution to the log-odds since the previous score of the goal. */
export interface TermDelta {
  code: string
  label: string
  delta: number
}

export interface ScoreChanges {
  /** score change, 0–100 points */
  points: number
  /** log-odds change: Σ terms[].delta */
  logit: number
  probability: number
  terms: TermDelta[]
  /** canonical event types applied since the previous score, e.g. ['addToCart'] */
  cause: string[]
  /** when the previous score was computed (epoch ms) */
  since: number
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

function readTerm(t: unknown): TermDelta | null {
  if (!t || typeof t !== 'object') return null
  const o = t as Record<string, unknown>
  if (typeof o.code !== 'string' || !finite(o.delta)) return null
  return { code: o.code, label: typeof o.label === 'string' ? o.label : o.code, delta: o.delta }
}

/** The `changes` of a score, or null when it has none (or none this demo can read). */
export function readChanges(score: unknown): ScoreChanges | null {
  const c = (score as { changes?: unknown } | null)?.changes
  if (!c || typeof c !== 'object') return null
  const o = c as Record<string, unknown>
  if (!finite(o.logit) || !finite(o.points) || !Array.isArray(o.terms)) return null
  const terms = o.terms.map(readTerm)
  if (terms.some((t) => t === null)) return null
  return {
    points: o.points,
    logit: o.logit,
    probability: finite(o.probability) ? o.probability : 0,
    terms: terms as TermDelta[],
    cause: Array.isArray(o.cause) ? o.cause.filter((x): x is string => typeof x === 'string') : [],
    since: finite(o.since) ? o.since : 0,
  }
}

const ACTIONS: Record<string, string> = {
  productView: 'viewed a product',
  addToCart: 'added to cart',
  removeFromCart: 'removed from cart',
  checkout: 'started checkout',
  purchase: 'purchased',
  return: 'returned',
  pageView: 'viewed a page',
  search: 'searched',
}

/**
 * The events behind a change in words, in the order they happened: `['addToCart']` → `added to cart`,
 * `['purchase', 'purchase']` → `purchased ×2`; a custom type keeps its name (`"Viewed pricing"`).
 * Empty when no event was applied (the score moved because time passed).
 */
export function describeCause(cause: readonly string[]): string {
  const counts = new Map<string, number>()
  for (const type of cause) counts.set(type, (counts.get(type) ?? 0) + 1)
  return [...counts].map(([type, n]) => `${ACTIONS[type] ?? `“${type}”`}${n > 1 ? ` ×${n}` : ''}`).join(', ')
}

/** The terms a reader sees: the largest few, then the rest summed into one line (absent when nothing is left). */
export interface TermSummary {
  shown: TermDelta[]
  rest: { count: number; delta: number } | null
}

/**
 * Splits `terms` into the `top` largest by |delta| and the sum of the others, so `Σ shown + rest = logit`.
 * Terms that did not change are left out; a single term left over is shown rather than summed.
 */
export function summarizeTerms(terms: readonly TermDelta[], top = 3): TermSummary {
  const sorted = [...terms].filter((t) => t.delta !== 0).sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta))
  const shown = sorted.slice(0, sorted.length === top + 1 ? top + 1 : top)
  const others = sorted.slice(shown.length)
  return { shown, rest: others.length ? { count: others.length, delta: others.reduce((s, t) => s + t.delta, 0) } : null }
}

/**
 * Rounds `values` to `decimals` so the rounded values add up to `total` rounded the same way (largest-remainder:
 * each value moves by at most one unit of the last place), so a printed sum reads right.
 */
export function roundToSum(values: readonly number[], total: number, decimals = 2): number[] {
  const unit = 10 ** decimals
  const scaled = values.map((v) => v * unit)
  const floors = scaled.map(Math.floor)
  let missing = Math.round(total * unit) - floors.reduce((s, v) => s + v, 0)
  const order = scaled.map((v, i) => ({ i, frac: v - floors[i]! })).sort((a, b) => b.frac - a.frac)
  const out = [...floors]
  // `missing` is within [0, n] when the values add up to the total; clamp anyway so a bad input cannot loop.
  const bump = (k: number, by: number): void => { const i = order[k]!.i; out[i] = out[i]! + by }
  for (let k = 0; missing > 0 && k < order.length; k++, missing--) bump(k, 1)
  for (let k = order.length - 1; missing < 0 && k >= 0; k--, missing++) bump(k, -1)
  return out.map((v) => v / unit)
}
