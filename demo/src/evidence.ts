/**
 * What a version's figures rest on, above its training report: the span of history its fit saw, the window and
 * population it was tested on, and its AUC next to the one-number baselines (recency, frequency) on the same
 * profiles (the trainer's warnings are in the report right below). A long goal on a short export fits on the
 * export's first months only (a 90-day goal on 12 months: two 90-day embargoes and a 90-day test come after the
 * fit), and a baseline can then beat the model: the page says so where a marketer reads the score, not only inside
 * the report.
 */
import { esc } from './format.ts'

/** A version's evidence, from its artifact's `training` block and its metrics.json. */
export interface VersionEvidence {
  version: string
  /** [from, to] of the fit's (training split's) snapshots */
  fit: [string, string] | null
  /** [from, to] of the history the splits cover (training start to the test window's end) */
  history: [string, string] | null
  /** the test: cut-off, label window, n */
  evaluation: { cutoff: string; labelWindow: [string, string]; n: number } | null
  auc: number | null
  ece: number | null
  baselines: { recency?: number; frequency?: number } | null
}

const DAY_MS = 86_400_000
const day = (iso: string) => esc(iso.slice(0, 10))
const months = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS / 30.44

/** The evidence paragraph (HTML), or '' when the version has no recorded split or test. */
export function evidenceHtml(v: VersionEvidence): string {
  const parts: string[] = []
  if (v.fit) {
    const fitMonths = months(v.fit[0], v.fit[1])
    const of = v.history ? ` (${fitMonths.toFixed(1)} of the ${months(v.history[0], v.history[1]).toFixed(1)} months its splits cover)` : ''
    parts.push(`fit on snapshots from ${day(v.fit[0])} to ${day(v.fit[1])}${of}`)
  }
  if (v.evaluation) {
    const e = v.evaluation
    const figures = [
      v.auc === null ? null : `AUC <strong data-testid="evidence-auc">${v.auc.toFixed(3)}</strong>`,
      v.baselines?.recency === undefined ? null : `recency alone ${v.baselines.recency.toFixed(3)}`,
      v.baselines?.frequency === undefined ? null : `frequency alone ${v.baselines.frequency.toFixed(3)}`,
      v.ece === null ? null : `calibration error ${v.ece.toFixed(3)}`,
    ].filter((x): x is string => x !== null)
    parts.push(`tested on labels ${day(e.labelWindow[0])} – ${day(e.labelWindow[1])} of ${e.n.toLocaleString('en')} profiles${figures.length ? `: ${figures.join(' · ')}` : ''}`)
  }
  if (parts.length === 0) return ''
  const best = Math.max(v.baselines?.recency ?? -Infinity, v.baselines?.frequency ?? -Infinity)
  const beaten = v.auc !== null && best > v.auc
  const short = v.fit && v.history && months(v.fit[0], v.fit[1]) < months(v.history[0], v.history[1]) / 2
  const why = beaten
    ? `<p class="warning" role="note" data-testid="evidence-beaten">A one-number rule ranks this version's test profiles better than the model does${short
      ? ': its fit saw less than half of the history (the goal\'s window, twice as embargo and once as test, comes after it), so more history, or a shorter goal, is the fix'
      : ''}.</p>`
    : ''
  return `<p data-testid="evidence">Version <code>${esc(v.version)}</code>: ${parts.join('; ')}.</p>${why}`
}
