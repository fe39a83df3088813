/**
 * One goal's card body as HTML (pure: score in, markup out). An eligible score shows score, probability,
 * percentile, bucket, the change since the previous score and the top factors, coloured by whether they are
 * good or bad for the business (a churn goal's "down" is good news). A profile the goal does not score
 * (`eligible: false`) gets no number that looks like a score: it is said to be not eligible, and why.
 */
import type { Factor } from '@auspex/core'
import { renderChange } from './change-view.ts'
import { contribution, esc, percent } from './format.ts'
import { durationWords, isGoodForBusiness, type GoalSense, type Propensity } from './goal-sense.ts'
import { readChanges } from './score-changes.ts'
import { sparklinePath } from './sparkline.ts'

/** What the panel reads of a score (the SDK's score; `changes` read defensively, see score-changes.ts). */
export interface PanelScore {
  probability: number
  score: number
  percentile: number
  bucket: 'low' | 'medium' | 'high'
  factors: Factor[]
  modelVersion: string
  eligible: boolean
}

const EFFECT: Record<Propensity, Record<Factor['direction'], string>> = {
  conversion: { up: 'raises the chance to buy: good for the shop', down: 'lowers the chance to buy: bad for the shop' },
  churn: { up: 'raises the churn risk: bad for the shop', down: 'lowers the churn risk: good for the shop' },
}

/** The factor list: bars sized by |contribution|, green when the factor helps the business, red when it hurts. */
export function renderFactors(goal: string, factors: readonly Factor[], propensity: Propensity): string {
  const maxC = Math.max(0.5, ...factors.map((f) => Math.abs(f.contribution)))
  return `
    <ol class="factors" data-testid="factors-${esc(goal)}" aria-label="top factors">
      ${factors.map((f) => `
        <li class="factor factor-${isGoodForBusiness(f.direction, propensity) ? 'good' : 'bad'}" data-code="${esc(f.code)}" data-direction="${f.direction}" data-value="${f.value ?? ''}">
          <span class="factor-label">${esc(f.label)}</span>
          <span class="factor-bar" aria-hidden="true"><span style="width:${Math.round((Math.abs(f.contribution) / maxC) * 100)}%"></span></span>
          <span class="factor-size" title="contribution to the log-odds; importance ${f.importance}; ${EFFECT[propensity][f.direction]}">${f.direction === 'up' ? '▲' : '▼'} ${contribution(f.contribution)}</span>
          <span class="sr-only">${EFFECT[propensity][f.direction]}</span>
        </li>`).join('')}
    </ol>`
}

/** The body of a not-eligible goal: the reason, and no score. */
export function renderNotEligible(goal: string, sense: GoalSense): string {
  const window = durationWords(sense.activeWithin)
  return `
    <p class="not-eligible" data-testid="not-eligible-${esc(goal)}"><strong>Not eligible yet</strong> (no activity in the eligibility window)</p>
    <p class="muted small">This goal scores visitors with activity in the last ${esc(window)}; there is none on this device yet, so there is
      no score to act on. It appears with the first event the model knows.</p>`
}

/** The whole card body for a score; `history` is the sparkline's scores (eligible ones only). */
export function renderScoreBody(goal: string, s: PanelScore, sense: GoalSense, history: readonly number[]): string {
  const g = esc(goal)
  const version = `<p class="version">Model <code data-testid="version-${g}">${esc(s.modelVersion)}</code></p>`
  if (!s.eligible) return renderNotEligible(goal, sense) + version
  const changes = readChanges(s)
  return `
    <div class="score-row">
      <div class="score-big" data-testid="score-${g}" aria-label="score ${s.score} out of 100">${s.score}</div>
      <dl class="score-facts">
        <div><dt>Probability</dt><dd data-testid="probability-${g}">${percent(s.probability)}</dd></div>
        <div><dt>Percentile</dt><dd>${s.percentile}</dd></div>
        <div><dt>Bucket</dt><dd><span class="bucket bucket-${s.bucket}" data-testid="bucket-${g}">${s.bucket}</span></dd></div>
      </dl>
      <svg class="spark" viewBox="0 0 120 36" width="88" height="30" preserveAspectRatio="none" role="img" aria-label="score history: ${history.join(', ')}">
        <path d="${sparklinePath(history, 120, 34)}" transform="translate(0 1)" />
      </svg>
    </div>
    ${changes ? renderChange(goal, changes, sense.propensity) : ''}
    ${renderFactors(goal, s.factors, sense.propensity)}
    ${version}`
}
