/**
 * Live score drift for the model page: `GET /v1/models/:goal/monitor` read into per-version days, and the per-day
 * PSI drawn as an SVG (pure: data in, markup out). PSI > 0.2 is flagged, the usual "significant shift".
 */
import { esc } from './format.ts'

/** PSI above this is flagged (0.1–0.2 moderate, > 0.2 significant). */
export const PSI_ALERT = 0.2

export interface MonitorDay { day: string; n: number; psi: number | null }
export interface MonitorVersion { version: string; days: MonitorDay[] }

/** Reads the monitor body `{ goal, versions: [{ version, days: [{ day, n, psi }] }] }`, skipping malformed entries. */
export function parseMonitor(body: unknown): MonitorVersion[] {
  const versions = (body as { versions?: unknown } | null)?.versions
  if (!Array.isArray(versions)) return []
  return versions.flatMap((v) => {
    const o = v as { version?: unknown; days?: unknown } | null
    if (typeof o?.version !== 'string' || !Array.isArray(o.days)) return []
    const days = o.days.flatMap((d) => {
      const x = d as { day?: unknown; n?: unknown; psi?: unknown } | null
      if (typeof x?.day !== 'string' || typeof x.n !== 'number') return []
      return [{ day: x.day, n: x.n, psi: typeof x.psi === 'number' ? x.psi : null }]
    })
    return [{ version: o.version, days }]
  })
}

/** `GET /v1/models/:goal/monitor`. @throws when the edge does not answer 200. */
export async function fetchMonitor(endpoint: string, goal: string, fetchImpl: typeof fetch = fetch): Promise<MonitorVersion[]> {
  const res = await fetchImpl(`${endpoint}/v1/models/${encodeURIComponent(goal)}/monitor`, { cache: 'no-store' })
  if (!res.ok) throw new Error(`GET /v1/models/${goal}/monitor: HTTP ${res.status}`)
  return parseMonitor(await res.json())
}

/**
 * An SVG of a version's daily PSI, oldest left, with the 0.2 line dashed and each flagged day (PSI > 0.2) a red
 * dot. The y axis runs to at least 0.4 so the line sits mid-height; days without a PSI are left out.
 */
export function psiChart(days: readonly MonitorDay[], width = 320, height = 80): string {
  const points = days.filter((d): d is MonitorDay & { psi: number } => d.psi !== null)
  const max = Math.max(2 * PSI_ALERT, ...points.map((d) => d.psi))
  // a 4 px margin keeps the dots at the edges whole
  const y = (v: number) => +(4 + (height - 8) * (1 - v / max)).toFixed(1)
  const x = (i: number) => (points.length === 1 ? width / 2 : +(4 + (i * (width - 8)) / (points.length - 1)).toFixed(1))
  const line = points.map((d, i) => `${i === 0 ? 'M' : 'L'}${x(i)} ${y(d.psi)}`).join(' ')
  const dots = points.map((d, i) => {
    const flagged = d.psi > PSI_ALERT
    return `<circle cx="${x(i)}" cy="${y(d.psi)}" r="3" class="${flagged ? 'psi-flag' : 'psi-ok'}"><title>${esc(d.day)}: PSI ${d.psi.toFixed(3)}${flagged ? ' > 0.2' : ''}</title></circle>`
  })
  return `<svg class="psi-chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="PSI per day">` +
    `<line class="psi-alert" x1="0" x2="${width}" y1="${y(PSI_ALERT)}" y2="${y(PSI_ALERT)}"/>` +
    (line ? `<path d="${line}"/>` : '') + dots.join('') + '</svg>'
}

/** The monitor section's markup: per version, the chart and a table of days, flagged rows marked. */
export function monitorHtml(versions: readonly MonitorVersion[]): string {
  if (versions.length === 0) {
    return '<p class="muted">No live telemetry yet: SDKs started with <code>telemetry: true</code> report each day\'s scores on the next day.</p>'
  }
  return versions.map((v) => {
    const flagged = v.days.filter((d) => d.psi !== null && d.psi > PSI_ALERT).length
    return `<h3>Version <code>${esc(v.version)}</code>${flagged ? ` <span class="error" data-testid="psi-flag">⚠ PSI &gt; 0.2 on ${flagged} day${flagged > 1 ? 's' : ''}</span>` : ''}</h3>
      ${psiChart(v.days)}
      <table class="monitor"><thead><tr><th scope="col">Day (UTC)</th><th scope="col">Scores</th><th scope="col">PSI</th></tr></thead>
      <tbody>${v.days.map((d) => {
        const flag = d.psi !== null && d.psi > PSI_ALERT
        return `<tr${flag ? ' class="psi-flagged"' : ''}><td>${esc(d.day)}</td><td>${d.n}</td><td>${d.psi === null ? '—' : d.psi.toFixed(3)}${flag ? ' <strong class="error">shift</strong>' : ''}</td></tr>`
      }).join('')}</tbody></table>`
  }).join('')
}
