import type { PublishResult } from './publish.ts'
import { describeChecked } from './quality-gate.ts'
import type { RetrainVerdict } from './retrain-rule.ts'

interface ModelLine { version: string; trainedBefore: string | null }

/** What `auspex retrain --json` prints (with `ok: true`). */
export interface RetrainReport {
  goal: string
  verdict: RetrainVerdict
  rule: string
  /** ISO: the latest complete window's cut-off T = last event + 1 ms − window */
  cutoff: string
  dryRun: boolean
  /** the edge's active model before the run */
  champion?: ModelLine
  /** trained on events before the cut-off */
  challenger?: ModelLine
  labelWindow?: [string, string]
  population?: { n: number; positives: number }
  /** both AUCs at the cut-off on the same profiles, challenger − champion and its paired bootstrap interval */
  auc?: { champion: number; challenger: number; difference: number; low: number; high: number; level: number }
  /** the same recipe trained on all events: the model published (or that would be, with --dry-run) */
  next?: ModelLine
  published?: PublishResult
  /** verdict `wait`: why nothing was compared */
  message?: string
}

const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(3)}`

/** The terminal lines of a retrain report. */
export function retrainLines(r: RetrainReport): string[] {
  const lines = [`retrain ${r.goal}: latest complete window from ${r.cutoff}${r.dryRun ? ' (dry run: nothing is published)' : ''}`]
  const model = (m: ModelLine, auc: number | undefined) =>
    `${m.version} (trained before ${m.trainedBefore ?? 'unknown'})${auc === undefined ? '' : `: AUC ${auc.toFixed(3)}`}`
  if (r.champion) lines.push(`  champion   ${model(r.champion, r.auc?.champion)}`)
  if (r.challenger && r.auc) lines.push(`  challenger ${model(r.challenger, r.auc.challenger)}`)
  if (r.auc && r.population && r.labelWindow) {
    lines.push(`  challenger − champion: ${signed(r.auc.difference)} AUC, ${Math.round(100 * r.auc.level)} % interval ` +
      `${signed(r.auc.low)} to ${signed(r.auc.high)} (${r.population.n} profiles, ${r.population.positives} positive, ` +
      `labels from [${r.labelWindow[0]}, ${r.labelWindow[1]}))`)
    lines.push(`  rule: ${r.rule}`)
  }
  const next = r.next ? `${r.next.version} (the same recipe on all events before ${r.next.trainedBefore ?? 'unknown'})` : ''
  const done = r.dryRun ? `would publish and activate ${next}` : `published and activated ${next}`
  switch (r.verdict) {
    case 'first': lines.push(`  verdict: first model — the edge has no active model for ${r.goal}; ${done}`); break
    case 'replace': lines.push(`  verdict: replace — the challenger is not worse; ${done}`); break
    case 'keep': lines.push('  verdict: keep — the challenger is worse beyond noise; the active model stays, nothing published'); break
    case 'wait': lines.push(`  verdict: wait — ${r.message ?? ''}`); break
  }
  if (r.published?.checked) lines.push(`  ${describeChecked(r.published.checked, true, r.published.forced === true)}`)
  return lines
}
