import type { TrainResult } from '../types.ts'
import { escapeHtml, num, pct, table } from './html.ts'

/** The segments section: each rule's size, share and mean score on the hold-out population; empty without rules. */
export function segmentsSection(r: TrainResult): string {
  const s = r.segments
  if (!s) return ''
  const rows = s.segments.map((x) => [x.name, x.description ?? '', num(x.size), pct(x.share), x.meanScore === null ? '–' : x.meanScore.toFixed(1)])
  const needs = s.needs.map((x) => `<li><strong>${escapeHtml(x.name)}</strong>: needs ${x.goals.map((g) => escapeHtml(g)).join(', ')}${x.description ? ` <span class="small">(${escapeHtml(x.description)})</span>` : ''}</li>`).join('')
  return `<section id="segments"><h2>Segments</h2>
<p>The segment rules evaluated on the hold-out population: the ${num(s.population)} profiles eligible at ${escapeHtml(s.asOf.slice(0, 10))} (the start of the test split), scored from their events before it.</p>
${s.segments.length ? table('Segments that read only this goal', ['Segment', 'Rule', 'Profiles', 'Share', 'Mean score'], rows) : '<p>No rule reads only this goal.</p>'}
${needs ? `<h3>Rules that read other goals</h3><p class="small">Evaluate them with auspex score --model … --segments FILE and auspex segments.</p><ul>${needs}</ul>` : ''}
</section>`
}
