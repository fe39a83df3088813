/**
 * "Why it moved": the change of a goal's score since the previous one, as HTML. The shown deltas are the exact
 * per-term changes of the log-odds (largest first, the rest summed into one line), so they add up to the
 * log-odds change; `data-delta` / `data-logit` carry the unrounded values for tests and tools.
 */
import { contribution, esc } from './format.ts'
import { isGoodForBusiness, type Propensity } from './goal-sense.ts'
import { describeCause, roundToSum, summarizeTerms, type ScoreChanges } from './score-changes.ts'

/** `+4 points`, `−3 points`, `±0 points`. */
export function signedPoints(points: number): string {
  const n = Math.round(points)
  if (n === 0) return '±0 points'
  return `${n > 0 ? '+' : '−'}${Math.abs(n)} point${Math.abs(n) === 1 ? '' : 's'}`
}

/** `good` / `bad` for the business of a change of the probability in the sign of `delta` (empty for 0). */
function tone(delta: number, propensity: Propensity): string {
  if (delta === 0) return ''
  return isGoodForBusiness(delta > 0 ? 'up' : 'down', propensity) ? 'good' : 'bad'
}

/** The change block under a goal's score (`data-testid="change-<goal>"`). */
export function renderChange(goal: string, changes: ScoreChanges, propensity: Propensity, top = 3): string {
  const g = esc(goal)
  const cause = describeCause(changes.cause)
  const head = cause
    ? `since your last action (<span data-testid="change-cause-${g}">${esc(cause)}</span>)`
    : `since the last score (<span data-testid="change-cause-${g}">time passed, no new events</span>)`
  const { shown, rest } = summarizeTerms(changes.terms, top)
  const lines = [
    ...shown.map((t) => ({ delta: t.delta, label: esc(t.label), attrs: `data-code="${esc(t.code)}"` })),
    ...(rest ? [{ delta: rest.delta, label: `${rest.count} smaller change${rest.count === 1 ? '' : 's'}`, attrs: `data-rest="${rest.count}"` }] : []),
  ]
  const rounded = roundToSum(lines.map((l) => l.delta), changes.logit)
  const terms = lines.map((l, i) => `
      <li class="change-term ${tone(l.delta, propensity)}" data-testid="change-term-${g}" data-delta="${l.delta}" ${l.attrs}>
        <span class="change-num">${contribution(rounded[i]!)}</span> <span class="change-label">${l.label}</span></li>`).join('')
  return `
    <div class="change" data-testid="change-${g}">
      <p class="change-head"><strong class="change-points ${tone(changes.points, propensity)}">${signedPoints(changes.points)}</strong> ${head}</p>
      ${lines.length ? `<p class="change-sum">Δ log-odds <span class="change-logit" data-testid="change-logit-${g}" data-logit="${changes.logit}">${contribution(changes.logit)}</span> =</p>
      <ul class="change-terms" aria-label="what changed, in log-odds">${terms}
      </ul>` : `<p class="change-sum">No factor changed (Δ log-odds <span class="change-logit" data-testid="change-logit-${g}" data-logit="${changes.logit}">${contribution(changes.logit)}</span>).</p>`}
    </div>`
}
