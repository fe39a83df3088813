/**
 * The live panel: for each goal, probability, 0–100 score, percentile, bucket, what changed since the previous
 * score and why, the top factors (coloured by whether they help the business), a sparkline of the score history
 * and the model version in use. Updated on every score the SDK pushes (after each event) and on model changes.
 * A profile the goal does not score yet is shown as not eligible, without a number. On a phone the panel is
 * compact (score and change) until "Show why" opens the details.
 */
import type { Auspex } from './auspex-client.ts'
import { esc } from './format.ts'
import { goalSense, type GoalSense } from './goal-sense.ts'
import { renderScoreBody, type PanelScore } from './score-view.ts'
import { pushHistory } from './sparkline.ts'

type Score = NonNullable<Awaited<ReturnType<Auspex['score']>>>

const TITLES: Record<string, string> = {
  'purchase-30d': 'Will buy within 30 days',
  'churn-90d': 'Will not buy within 90 days (churn)',
}

export interface Panel {
  /** asks the SDK for every goal's score now and renders it (e.g. after `load()` or `forget()`) */
  rescore(): Promise<void>
  /** clears the sparklines (a new customer) */
  resetHistory(): void
  stop(): void
}

/** Renders the panel into `root` and keeps it live. */
export function mountPanel(root: HTMLElement, auspex: Auspex, goals: string[], senses: ReadonlyMap<string, GoalSense>): Panel {
  const histories = new Map<string, number[]>()
  root.innerHTML = `<div class="panel-head">
      <h2 class="panel-title">Live scores <span class="hint">computed on this device</span></h2>
      <button type="button" class="link panel-toggle" aria-expanded="false" aria-controls="${esc(root.id)}" data-testid="panel-toggle">Show why</button>
    </div>${goals.map((g) => `
    <section class="goal-card" data-goal="${esc(g)}" aria-labelledby="goal-${esc(g)}-title" aria-live="polite">
      <h3 id="goal-${esc(g)}-title">${esc(TITLES[g] ?? g)} <code>${esc(g)}</code></h3>
      <div class="goal-body" data-testid="goal-body-${esc(g)}"><p class="muted">Loading the model…</p></div>
    </section>`).join('')}
    <p class="legend"><span class="swatch good"></span> good for the shop <span class="swatch bad"></span> bad for the shop
      · ▲▼ effect on the probability, in log-odds</p>`
  const toggle = root.querySelector<HTMLButtonElement>('.panel-toggle')!
  toggle.addEventListener('click', () => {
    const open = root.classList.toggle('panel-open')
    toggle.setAttribute('aria-expanded', String(open))
    toggle.textContent = open ? 'Hide why' : 'Show why'
  })
  const render = (goal: string, s: Score | null): void => {
    const body = root.querySelector<HTMLElement>(`[data-testid="goal-body-${CSS.escape(goal)}"]`)
    if (!body) return
    if (!s) {
      body.innerHTML = `<p class="muted" data-testid="no-score-${esc(goal)}">No model yet for this goal (is the edge running?).</p>`
      return
    }
    const score: PanelScore = s
    const history = score.eligible ? pushHistory(histories.get(goal) ?? [], score.score) : histories.get(goal) ?? []
    histories.set(goal, history)
    body.innerHTML = renderScoreBody(goal, score, goalSense(goal, senses), history)
  }
  const stops = goals.map((goal) => auspex.subscribe(goal, (s) => render(goal, s)))
  const rescore = async (): Promise<void> => {
    await Promise.all(goals.map(async (goal) => render(goal, await auspex.score(goal))))
  }
  void rescore()
  return {
    rescore,
    resetHistory: () => histories.clear(),
    stop: () => { for (const stop of stops) stop() },
  }
}
