/**
 * The live panel: for each goal, probability, 0–100 score, percentile, bucket, the top factors with their
 * direction and size, a sparkline of the score history and the model version in use. Updated on every
 * score the SDK pushes (after each event) and on model changes.
 */
import type { Auspex } from './auspex-client.ts'
import { contribution, esc, percent } from './format.ts'
import { pushHistory, sparklinePath } from './sparkline.ts'

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
export function mountPanel(root: HTMLElement, auspex: Auspex, goals: string[]): Panel {
  const histories = new Map<string, number[]>()
  root.innerHTML = `<h2 class="panel-title">Live scores <span class="hint">computed on this device</span></h2>${goals.map((g) => `
    <section class="goal-card" data-goal="${esc(g)}" aria-labelledby="goal-${esc(g)}-title" aria-live="polite">
      <h3 id="goal-${esc(g)}-title">${esc(TITLES[g] ?? g)} <code>${esc(g)}</code></h3>
      <div class="goal-body" data-testid="goal-body-${esc(g)}"><p class="muted">Loading the model…</p></div>
    </section>`).join('')}`
  const render = (goal: string, s: Score | null): void => {
    const body = root.querySelector<HTMLElement>(`[data-testid="goal-body-${CSS.escape(goal)}"]`)
    if (!body) return
    if (!s) {
      body.innerHTML = `<p class="muted" data-testid="no-score-${esc(goal)}">No model yet for this goal (is the edge running?).</p>`
      return
    }
    const history = pushHistory(histories.get(goal) ?? [], s.score)
    histories.set(goal, history)
    const maxC = Math.max(0.5, ...s.factors.map((f) => Math.abs(f.contribution)))
    body.innerHTML = `
      <div class="score-row">
        <div class="score-big" data-testid="score-${esc(goal)}" aria-label="score ${s.score} out of 100">${s.score}</div>
        <dl class="score-facts">
          <div><dt>Probability</dt><dd data-testid="probability-${esc(goal)}">${percent(s.probability)}</dd></div>
          <div><dt>Percentile</dt><dd>${s.percentile}</dd></div>
          <div><dt>Bucket</dt><dd><span class="bucket bucket-${s.bucket}" data-testid="bucket-${esc(goal)}">${s.bucket}</span></dd></div>
        </dl>
        <svg class="spark" viewBox="0 0 120 36" width="88" height="30" preserveAspectRatio="none" role="img" aria-label="score history: ${history.join(', ')}">
          <path d="${sparklinePath(history, 120, 34)}" transform="translate(0 1)" />
        </svg>
      </div>
      ${s.eligible ? '' : '<p class="note">Not eligible right now (no recent activity): the score is shown for information.</p>'}
      <ol class="factors" data-testid="factors-${esc(goal)}" aria-label="top factors">
        ${s.factors.map((f) => `
          <li class="factor factor-${f.direction}" data-code="${esc(f.code)}">
            <span class="factor-label">${esc(f.label)}</span>
            <span class="factor-bar" aria-hidden="true"><span style="width:${Math.round((Math.abs(f.contribution) / maxC) * 100)}%"></span></span>
            <span class="factor-size" title="contribution to the log-odds; importance ${f.importance}">${f.direction === 'up' ? '▲' : '▼'} ${contribution(f.contribution)}</span>
          </li>`).join('')}
      </ol>
      <p class="version">Model <code data-testid="version-${esc(goal)}">${esc(s.modelVersion)}</code></p>`
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
