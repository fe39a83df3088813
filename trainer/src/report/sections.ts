import type { TrainResult } from '../types.ts'
import { barChart, lineChart } from './charts.ts'
import { dataTable, escapeHtml, num, pct, table } from './html.ts'

const day = (ms: number | null) => (ms === null ? '–' : new Date(ms).toISOString().slice(0, 10))

/** Headline numbers and warnings. */
export function summarySection(r: TrainResult): string {
  const m = r.metrics
  const cards: Array<[string, string, string]> = [
    ['Test AUC', m.auc.toFixed(3), 'chance of ranking a random positive above a random negative (0.5 = guessing)'],
    ['Top-decile lift', m.lift[0] ? `${m.lift[0].lift.toFixed(2)}×` : '–', 'outcome rate of the top 10 % of scores vs. everyone'],
    ['Calibration error (ECE)', m.ece.toFixed(3), 'mean gap between predicted and observed rates over 10 probability bins, weighted by count'],
    ['Base rate', pct(m.baseRate), 'share of test examples with the outcome'],
    ['Examples', num(m.positives + m.negatives), `${num(m.positives)} positive, ${num(m.negatives)} negative (test)`],
  ]
  const warnings = m.warnings.length === 0
    ? '<p class="ok">No warnings: the data meets the requirements.</p>'
    : `<ul class="warnings">${m.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`
  const baselines = Object.entries(m.baselines ?? {})
  return `<section id="summary"><h2>Summary</h2>
<div class="cards">${cards.map(([k, v, d]) => `<div class="card"><div class="k">${escapeHtml(k)}</div><div class="v">${escapeHtml(v)}</div><div class="d">${escapeHtml(d)}</div></div>`).join('')}</div>
<h3>Warnings</h3>${warnings}
${baselines.length ? table('Test AUC of simple baselines on the same population (recency: days since the last event; frequency: events)', ['Baseline', 'AUC'], [['this model', m.auc.toFixed(3)], ...baselines.map(([k, v]) => [k, v.toFixed(3)])]) : ''}
<p class="small">Measured on ${escapeHtml(m.evaluation.population)} ${escapeHtml(m.evaluation.cutoff.slice(0, 10))} (n = ${num(m.evaluation.n)}), labels from ${escapeHtml(m.evaluation.labelWindow[0].slice(0, 10))} to ${escapeHtml(m.evaluation.labelWindow[1].slice(0, 10))}; train and validation end one label window before the split after them.</p>
<p class="small">Other measures on the test split: PR AUC ${m.prAuc.toFixed(3)}, log loss ${m.logLoss.toFixed(4)}, Brier score ${m.brier.toFixed(4)}.</p>
</section>`
}

/** "12,345", or "about 12,345 (estimated from a seeded 25 % of the profiles)" when the population was sampled. */
function sampled(r: TrainResult, total: number): string {
  const share = r.populationShare ?? 1
  return share >= 1 ? num(total) : `about ${num(total)} (estimated from a seeded ${(share * 100).toPrecision(2)} % of the profiles, which also give the percentiles)`
}

/** Score distribution of the eligible population. */
export function distributionSection(r: TrainResult): string {
  const labels = r.scoreHistogram.map((_, i) => `${i * 5}–${i * 5 + 5}`)
  const total = r.scoreHistogram.reduce((s, v) => s + v, 0)
  const chart = barChart({ title: 'Score distribution', desc: 'Number of eligible profiles per 5-point score band at the last cut-off', labels, values: r.scoreHistogram, xLabel: 'Score (0–100)', yLabel: 'Profiles', format: (v) => num(v) })
  return `<section id="distribution"><h2>Score distribution</h2>
<p>How the ${sampled(r, total)} eligible profiles at the last cut-off are spread over scores. Buckets: low below a score of ${r.artifact.buckets.medium}, medium up to ${r.artifact.buckets.high}, high from ${r.artifact.buckets.high}.</p>
${chart}${dataTable('Score distribution as a table', table('Profiles per score band', ['Score band', 'Profiles'], labels.map((l, i) => [l, num(r.scoreHistogram[i]!)])))}
</section>`
}

/** Decile lift and cumulative gains. */
export function liftSection(r: TrainResult): string {
  const m = r.metrics
  const lift = barChart({ title: 'Lift by decile', desc: 'Outcome rate in each score decile divided by the overall rate; decile 1 holds the highest scores', labels: m.lift.map((d) => String(d.decile)), values: m.lift.map((d) => d.lift), xLabel: 'Score decile (1 = highest)', yLabel: 'Lift', format: (v) => `${v.toFixed(1)}×`, reference: 1 })
  const gains = lineChart({
    title: 'Cumulative gains', desc: 'Share of all positives captured when targeting the top deciles; the diagonal is random targeting',
    series: [{ name: 'model', points: [[0, 0], ...m.gains.map((g): [number, number] => [g.decile / 10, g.share])], dots: true }],
    xMax: 1, yMax: 1, diagonal: true, xLabel: 'Share of profiles targeted (by score)', yLabel: 'Share of positives captured', format: (v) => pct(v, 0),
  })
  const rows = m.lift.map((d) => [d.decile, num(d.count), num(d.positives), pct(d.rate), `${d.lift.toFixed(2)}×`, pct(d.cumulativeGain)])
  return `<section id="lift"><h2>Lift and cumulative gains</h2>
<p>Targeting by score: the top deciles should hold far more of the outcome than a random selection.</p>
<div class="pair">${lift}${gains}</div>
${dataTable('Deciles as a table', table('Lift and gains by score decile', ['Decile', 'Examples', 'Positives', 'Rate', 'Lift', 'Cumulative gain'], rows))}
</section>`
}

/** ROC curve and calibration. */
export function rocCalibrationSection(r: TrainResult): string {
  const m = r.metrics
  const roc = lineChart({ title: `ROC curve (AUC ${m.auc.toFixed(3)})`, desc: 'True positive rate against false positive rate over all thresholds', series: [{ name: 'model', points: m.roc.map((p): [number, number] => [p.fpr, p.tpr]) }], xMax: 1, yMax: 1, diagonal: true, xLabel: 'False positive rate', yLabel: 'True positive rate' })
  const maxP = Math.max(0.05, ...m.calibration.map((c) => Math.max(c.meanPredicted, c.observedRate)))
  const top = Math.min(1, Math.ceil(maxP * 10) / 10)
  const cal = lineChart({ title: 'Calibration', desc: 'Observed outcome rate against the mean predicted probability per bin; the diagonal is perfect calibration', series: [{ name: 'observed', points: m.calibration.map((c): [number, number] => [c.meanPredicted, c.observedRate]), dots: true }], xMax: top, yMax: top, diagonal: true, xLabel: 'Predicted probability', yLabel: 'Observed rate', format: (v) => pct(v, 0) })
  const rows = m.calibration.map((c) => [c.bin, num(c.count), pct(c.meanPredicted), pct(c.observedRate)])
  return `<section id="roc"><h2>ROC and calibration</h2>
<p>The ROC curve shows ranking quality; calibration shows whether a predicted 30 % really means 30 %.</p>
<div class="pair">${roc}${cal}</div>
${dataTable('ROC curve as a table', table('ROC points', ['False positive rate', 'True positive rate'], m.roc.map((p) => [p.fpr.toFixed(3), p.tpr.toFixed(3)])))}
${dataTable('Calibration as a table', table('Predicted vs observed by bin', ['Bin', 'Examples', 'Mean predicted', 'Observed rate'], rows))}
</section>`
}

/** Influential factors overall and per bucket. */
export function factorsSection(r: TrainResult): string {
  const f = r.factors
  const maxShare = Math.max(1e-9, ...f.overall.map((o) => o.shareHigh))
  const overall = f.overall.slice(0, 12).map((o) => `<tr><th scope="row">${escapeHtml(o.name)}</th><td>${o.meanAbsContribution.toFixed(3)}</td><td class="nowrap"><span class="meter" style="width:${(140 * o.shareHigh / maxShare).toFixed(0)}px"></span> ${pct(o.shareHigh, 0)}</td></tr>`).join('\n')
  const bucket = (b: 'high' | 'medium' | 'low') => {
    const rows = f.byBucket[b].slice(0, 6)
    const items = rows.length === 0 ? '<li>No dominant factors.</li>' : rows.map((x) => `<li><span class="dir ${x.direction}" aria-label="${x.direction === 'up' ? 'raises' : 'lowers'} the score">${x.direction === 'up' ? '▲' : '▼'}</span> ${escapeHtml(x.name)} <span class="share">${pct(x.share, 0)} of the bucket</span></li>`).join('')
    return `<div class="bucket ${b}"><h3>${b[0]!.toUpperCase() + b.slice(1)} scores</h3><ul>${items}</ul></div>`
  }
  return `<section id="factors"><h2>Influential factors</h2>
<p>What drives the scores. Overall: the mean absolute contribution to the log-odds, and how often the factor is of high importance for a profile. Per bucket: the share of the bucket's profiles for which the factor is highly influential, and whether it raises (▲) or lowers (▼) their score.</p>
<table><caption>Top factors overall</caption><thead><tr><th scope="col">Factor</th><th scope="col">Mean |contribution|</th><th scope="col">High importance for</th></tr></thead><tbody>
${overall}
</tbody></table>
<div class="buckets">${bucket('high')}${bucket('medium')}${bucket('low')}</div>
</section>`
}

/** Data summary: ingest and the time-based split. */
export function dataSection(r: TrainResult): string {
  const i = r.ingest
  const s = r.metrics.split
  const types = Object.entries(i.typeCounts).map(([t, n]) => [t, num(n)])
  const bad = i.bad.map((b) => [b.reason, num(b.count), b.examples.map((e) => `${e.file.split('/').pop()}:${e.line}`).join(', ')])
  return `<section id="data"><h2>Data</h2>
${table('Ingest', ['', ''], [
    ['Files', i.files.map((f) => f.split('/').pop()).join(', ')],
    ['Rows read', num(i.rowsRead)], ['Events', num(i.events)], ['Profiles', num(i.profiles)],
    ['Dropped without profile id', num(i.droppedNoProfile)], ['Bad rows', num(i.bad.reduce((n, b) => n + b.count, 0))],
    ['Time range', `${day(i.firstTimestamp)} – ${day(i.lastTimestamp)}`],
  ])}
${table('Events by type', ['Type', 'Events'], types)}
${bad.length ? table('Bad rows by reason (first lines)', ['Reason', 'Rows', 'Examples'], bad) : ''}
${table('Time-based split', ['Split', 'From', 'To', 'Examples'], [
    ['Train', s.train[0], s.train[1], num(s.examples.train)],
    ['Validation', s.validation[0], s.validation[1], num(s.examples.validation)],
    ['Test', s.test[0], s.test[1], num(s.examples.test)],
  ])}
</section>`
}
