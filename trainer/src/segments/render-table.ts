import type { SegmentSummary } from './tally.ts'

const fmt = new Intl.NumberFormat('en-US')
const pct = (x: number) => `${(100 * x).toFixed(1)} %`
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`

/**
 * The population view as plain text: one block per segment with its size, share of the scored profiles,
 * mean score per goal, and its top factors (share of members, mean contribution to the logit).
 */
export function renderSegmentTable(summary: SegmentSummary): string {
  const lines = [`${fmt.format(summary.profiles)} scored profiles; goals: ${summary.goals.join(', ') || 'none'}`, '']
  const width = Math.max(7, ...summary.segments.map((s) => s.name.length))
  lines.push(`${'segment'.padEnd(width)}  ${'size'.padStart(8)}  ${'share'.padStart(7)}  mean score`)
  for (const s of summary.segments) {
    const means = Object.entries(s.meanScore).map(([g, m]) => `${g} ${m.toFixed(1)}`).join(', ') || '–'
    lines.push(`${s.name.padEnd(width)}  ${fmt.format(s.size).padStart(8)}  ${pct(s.share).padStart(7)}  ${means}`)
    for (const f of s.topFactors) {
      lines.push(`${''.padEnd(width)}    ${f.goal}: ${f.name === f.code ? f.code : `${f.name} (${f.code})`} — ${pct(f.share)} of members, mean contribution ${signed(f.meanContribution)}`)
    }
  }
  return lines.join('\n') + '\n'
}
