/**
 * A model page per goal: what the data is (real purchases, simulated browsing), the trainer's report (iframe),
 * the version active at the edge, the available versions, and a rollback/activate button that calls the edge
 * with the dev token, and the live score drift (PSI per day, flagged > 0.2). Open shop tabs pick up the change on their next revalidation (`revalidateEvery: 5 s`).
 */
import { dateTime, esc } from '../format.ts'
import { activateVersion, fetchModels, type GoalVersions } from '../models-api.ts'
import { fetchMonitor, monitorHtml } from '../monitor.ts'
import { evidenceHtml, type VersionEvidence } from '../evidence.ts'
import { aucColumn } from '../version-figures.ts'
import type { ViewContext } from './context.ts'

/** A locally trained version, as `GET /__auspex/models/:goal` lists it (vite-plugin-auspex.ts). */
interface LocalVersion extends VersionEvidence { name: string; before: string | null }

async function localVersions(goal: string): Promise<LocalVersion[]> {
  try {
    const res = await fetch(`/__auspex/models/${encodeURIComponent(goal)}`)
    return res.ok ? ((await res.json()) as LocalVersion[]) : []
  } catch {
    return []
  }
}

/**
 * Renders `#/models/:goal`. `refusal` is the edge's message about the last activation that failed (e.g. a
 * `QUALITY_GATE` refusal naming the figure below its floor): shown in the page, not only in the passing toast.
 */
export async function renderModel(ctx: ViewContext, goal: string, refusal?: string): Promise<void> {
  const goals = ctx.data.config.goals
  ctx.main.innerHTML = `
    <h1>Model: <code>${esc(goal)}</code></h1>
    <nav class="tabs" aria-label="goals">${goals.map((g) => `<a href="#/models/${encodeURIComponent(g)}" ${g === goal ? 'aria-current="page"' : ''}>${esc(g)}</a>`).join('')}</nav>
    ${ctx.data.meta.note ? `<p class="data-note" data-testid="data-note"><strong>Data:</strong> ${esc(ctx.data.meta.note)}</p>` : ''}
    <section aria-labelledby="versions-title"><h2 id="versions-title">Versions at the edge</h2><div data-testid="versions"><p class="muted">Loading…</p></div></section>
    <section aria-labelledby="monitor-title"><h2 id="monitor-title">Live score drift (PSI per day)</h2><div data-testid="monitor"><p class="muted">Loading…</p></div></section>
    <section aria-labelledby="report-title"><h2 id="report-title">Training report</h2><div data-testid="report"></div></section>`
  const versionsBox = ctx.main.querySelector<HTMLElement>('[data-testid="versions"]')!
  const reportBox = ctx.main.querySelector<HTMLElement>('[data-testid="report"]')!
  const monitorBox = ctx.main.querySelector<HTMLElement>('[data-testid="monitor"]')!
  void fetchMonitor(location.origin, goal).then(
    (versions) => void (monitorBox.innerHTML = monitorHtml(versions)),
    (e: Error) => void (monitorBox.innerHTML = `<p class="error" role="alert">Cannot read the monitor: ${esc(e.message)}</p>`),
  )
  let entry: GoalVersions | undefined
  try {
    entry = (await fetchModels(location.origin)).find((g) => g.goal === goal)
  } catch (e) {
    versionsBox.innerHTML = `<p class="error" role="alert">Cannot reach the edge: ${esc((e as Error).message)}</p>`
  }
  const local = await localVersions(goal)
  if (entry) {
    const rows = [...entry.versions].sort((a, b) => b.version.localeCompare(a.version))
    const figures = aucColumn(rows.map((v) => {
      const l = local.find((x) => x.version === v.version)
      return { version: v.version, auc: l?.auc ?? null, evaluation: l?.evaluation ?? null }
    }))
    versionsBox.innerHTML = `
      ${refusal ? `<p class="error" role="alert" data-testid="activate-error">${esc(refusal)}</p>` : ''}
      <p>Active at the edge: <code data-testid="active-version">${esc(entry.active ?? 'none')}</code></p>
      <table class="versions">
        <caption class="sr-only">Versions of ${esc(goal)}</caption>
        <thead><tr><th scope="col">Version</th><th scope="col">Trained on</th><th scope="col">${figures.header}</th><th scope="col">Published</th><th scope="col">State</th></tr></thead>
        <tbody>${rows.map((v) => {
          const l = local.find((x) => x.version === v.version)
          const active = v.version === entry!.active
          const older = Boolean(l?.before)
          return `<tr ${active ? 'class="current"' : ''}>
            <th scope="row"><code>${esc(v.version)}</code></th>
            <td>${l ? (l.before ? `events before ${esc(l.before.slice(0, 10))}` : 'the whole export') : '—'}</td>
            <td>${figures.cell(v.version)}</td>
            <td>${v.createdAt ? esc(dateTime(Date.parse(v.createdAt))) : '—'}</td>
            <td>${active ? '<strong>active</strong>' : `<button type="button" data-activate="${esc(v.version)}" data-testid="activate-${esc(v.version)}">${older ? 'Roll back to this version' : 'Activate'}</button>`}</td>
          </tr>`
        }).join('')}</tbody>
      </table>
      ${figures.note}
      <p class="muted">Open shop tabs switch on their next model revalidation (every 5 s). This tab scores with <code data-testid="tab-version">…</code>.</p>`
    void ctx.auspex.score(goal).then((s) => {
      const el = versionsBox.querySelector('[data-testid="tab-version"]')
      if (el) el.textContent = s?.modelVersion ?? 'no model'
    })
  } else if (!versionsBox.querySelector('.error')) {
    versionsBox.innerHTML = `<p>No version of ${esc(goal)} is published at the edge.</p>`
  }
  versionsBox.querySelectorAll<HTMLButtonElement>('[data-activate]').forEach((b) => b.addEventListener('click', async () => {
    const version = b.dataset.activate ?? ''
    if (!ctx.data.config.token) { ctx.announce('No dev token: start the demo with `pnpm start`'); return }
    b.disabled = true
    let refused: string | undefined
    try {
      await activateVersion(location.origin, ctx.data.config.token, goal, version)
      ctx.announce(`${goal}: version ${version} is now active at the edge`)
      await ctx.auspex.refresh()
    } catch (e) {
      refused = (e as Error).message
      ctx.announce(refused)
    }
    await renderModel(ctx, goal, refused)
  }))
  const shown = entry?.active ?? local[local.length - 1]?.version
  const report = shown ? local.find((l) => l.version === shown) ?? local.find((l) => !l.before) : undefined
  reportBox.innerHTML = report
    ? `${evidenceHtml(report)}<p class="muted">Report of version <code>${esc(report.version)}</code> (${report.before ? `trained on events before ${esc(report.before.slice(0, 10))}` : 'trained on the whole export'}). <a href="/__auspex/reports/${encodeURIComponent(goal)}/${encodeURIComponent(report.version)}" target="_blank" rel="noopener">Open in a new tab</a></p>
       <iframe class="report" title="Training report of ${esc(goal)} ${esc(report.version)}" src="/__auspex/reports/${encodeURIComponent(goal)}/${encodeURIComponent(report.version)}"></iframe>`
    : '<p>No local training report for this goal (the report is written by <code>pnpm auspex train</code>).</p>'
}
