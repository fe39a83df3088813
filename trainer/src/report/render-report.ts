import type { TrainResult } from '../types.ts'
import { escapeHtml } from './html.ts'
import { dataSection, distributionSection, factorsSection, liftSection, rocCalibrationSection, summarySection } from './sections.ts'
import { segmentsSection } from './segments-section.ts'
import { REPORT_CSS } from './style.ts'

/**
 * Renders `report.html`: a self-contained page (inline CSS and SVG, no scripts, no external assets) with the
 * summary and warnings, score distribution, lift and gains, ROC, calibration, influential factors overall
 * and per bucket, the segments (when trained with rules) and the data summary. Every label from data is HTML-escaped.
 */
export function renderReport(result: TrainResult): string {
  const a = result.artifact
  const goal = a.goal
  const what = goal.propensity === 'churn' ? 'not to reach the outcome (churn)' : 'to reach the outcome (conversion)'
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(goal.name)} — Auspex model report</title>
<style>${REPORT_CSS}</style></head>
<body>
<header><h1>${escapeHtml(goal.name)}: model report</h1>
<p>${escapeHtml(goal.description ?? '')} Probability ${escapeHtml(what)} within ${escapeHtml(goal.window)}. Model ${escapeHtml(a.version)}, trained ${escapeHtml(a.createdAt.slice(0, 16).replace('T', ' '))} UTC in ${result.seconds.toFixed(1)} s.</p>
${typeof a.training?.dataNote === 'string' ? `<p class="data-note" data-testid="data-note"><strong>Data:</strong> ${escapeHtml(a.training.dataNote)}</p>` : ''}</header>
<main>
${summarySection(result)}
${distributionSection(result)}
${liftSection(result)}
${rocCalibrationSection(result)}
${factorsSection(result)}
${segmentsSection(result)}
${dataSection(result)}
<p class="small">Measured on the test split (the latest cut-offs, never seen in training). Content hash ${escapeHtml(a.hash)}.</p>
</main></body></html>
`
}
