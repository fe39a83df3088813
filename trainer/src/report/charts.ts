import { escapeHtml } from './html.ts'
import { niceTicks } from './ticks.ts'

/** Plot area geometry shared by the charts. */
const W = 520
const H = 300
const M = { top: 16, right: 16, bottom: 44, left: 52 }
const PW = W - M.left - M.right
const PH = H - M.top - M.bottom

const x = (v: number, max: number) => M.left + (max === 0 ? 0 : (v / max) * PW)
const y = (v: number, max: number) => M.top + PH - (max === 0 ? 0 : (v / max) * PH)
const n2 = (v: number) => (Math.round(v * 100) / 100).toString()

function frame(title: string, desc: string, body: string, xLabel: string, yLabel: string): string {
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" xmlns="http://www.w3.org/2000/svg">
<title>${escapeHtml(title)}</title><desc>${escapeHtml(desc)}</desc>
<line class="axis" x1="${M.left}" y1="${M.top + PH}" x2="${M.left + PW}" y2="${M.top + PH}"/>
<line class="axis" x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${M.top + PH}"/>
${body}
<text class="label" x="${M.left + PW / 2}" y="${H - 6}" text-anchor="middle">${escapeHtml(xLabel)}</text>
<text class="label" transform="translate(14 ${M.top + PH / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(yLabel)}</text>
</svg>`
}

/** Horizontal grid lines and labels at nice `ticks`; the axis runs from 0 to the last tick. */
function yTicks(ticks: readonly number[], format: (v: number) => string): string {
  const max = ticks.at(-1) ?? 1
  return ticks.map((v) => {
    const yy = y(v, max)
    return `<line class="grid" x1="${M.left}" y1="${n2(yy)}" x2="${M.left + PW}" y2="${n2(yy)}"/><text class="tick" x="${M.left - 6}" y="${n2(yy + 4)}" text-anchor="end">${escapeHtml(format(v))}</text>`
  }).join('')
}

/** A bar chart with one bar per value, labelled below. */
export function barChart(options: { title: string; desc: string; labels: string[]; values: number[]; xLabel: string; yLabel: string; format?: (v: number) => string; reference?: number }): string {
  const { labels, values } = options
  const format = options.format ?? ((v: number) => String(Math.round(v)))
  const ticks = niceTicks(Math.max(0, ...values, options.reference ?? 0))
  const max = ticks.at(-1)!
  const slot = PW / Math.max(1, values.length)
  const bars = values.map((v, i) => {
    const top = y(v, max)
    const bx = M.left + i * slot + slot * 0.12
    return `<rect class="bar" x="${n2(bx)}" y="${n2(top)}" width="${n2(slot * 0.76)}" height="${n2(M.top + PH - top)}"><title>${escapeHtml(`${labels[i]}: ${format(v)}`)}</title></rect>`
  }).join('')
  const every = Math.ceil(values.length / 10)
  const xl = labels.map((l, i) => (i % every === 0 ? `<text class="tick" x="${n2(M.left + (i + 0.5) * slot)}" y="${M.top + PH + 16}" text-anchor="middle">${escapeHtml(l)}</text>` : '')).join('')
  const ref = options.reference === undefined ? '' : `<line class="ref" x1="${M.left}" y1="${n2(y(options.reference, max))}" x2="${M.left + PW}" y2="${n2(y(options.reference, max))}"/>`
  return frame(options.title, options.desc, yTicks(ticks, format) + bars + ref + xl, options.xLabel, options.yLabel)
}

/**
 * A line chart of one or more series over [0, xMax] × [0, yMax] (each axis extended to its first nice tick at or
 * above the maximum), with an optional diagonal reference.
 */
export function lineChart(options: { title: string; desc: string; series: Array<{ name: string; points: Array<[number, number]>; dots?: boolean }>; xMax: number; yMax: number; diagonal?: boolean; xLabel: string; yLabel: string; format?: (v: number) => string; xFormat?: (v: number) => string }): string {
  const format = options.format ?? ((v: number) => v.toFixed(2))
  const xFormat = options.xFormat ?? format
  const xs = niceTicks(options.xMax)
  const ys = niceTicks(options.yMax)
  const xMax = xs.at(-1)!
  const yMax = ys.at(-1)!
  const m = Math.min(xMax, yMax)
  const diag = options.diagonal ? `<line class="ref" x1="${x(0, xMax)}" y1="${y(0, yMax)}" x2="${n2(x(m, xMax))}" y2="${n2(y(m, yMax))}"/>` : ''
  const lines = options.series.map((s, k) => {
    const d = s.points.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${n2(x(px, xMax))} ${n2(y(py, yMax))}`).join(' ')
    const dots = s.dots ? s.points.map(([px, py]) => `<circle class="dot s${k}" cx="${n2(x(px, xMax))}" cy="${n2(y(py, yMax))}" r="3.5"><title>${escapeHtml(`${s.name}: ${xFormat(px)} → ${format(py)}`)}</title></circle>`).join('') : ''
    return `<path class="line s${k}" d="${d}"><title>${escapeHtml(s.name)}</title></path>${dots}`
  }).join('')
  const xt = xs.map((v) => `<text class="tick" x="${n2(x(v, xMax))}" y="${M.top + PH + 16}" text-anchor="middle">${escapeHtml(xFormat(v))}</text>`).join('')
  const legend = options.series.length > 1 ? options.series.map((s, k) => `<text class="legend s${k}" x="${M.left + 10}" y="${M.top + 14 + 16 * k}">— ${escapeHtml(s.name)}</text>`).join('') : ''
  return frame(options.title, options.desc, yTicks(ys, format) + xt + diag + lines + legend, options.xLabel, options.yLabel)
}
