/**
 * `pnpm bench:docs` (also the last step of `pnpm bench`): the README's budget table, between
 * `<!-- bench:start -->` and `<!-- bench:end -->`, rendered from bench results, so the figures cannot drift.
 * 1. Copies the figures it needs from the latest `.auspex/bench/{core,sdk,edge,demo,trainer,trainer-profiles}.json` (gitignored) into the
 *    committed `scripts/bench-results.json`; a package not benched this time keeps its committed figures.
 * 2. Renders the table from `scripts/bench-results.json`. Rows whose bench writes no machine-readable figure yet
 *    (trainer ingest, accuracy, default artifact) are kept verbatim in that file under `byHand`, marked "(by hand)".
 * `scripts/bench-docs.test.ts` checks that the README holds exactly what `renderTable` makes of the committed file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './workspace.ts'

export const RESULTS = join(ROOT, 'scripts/bench-results.json')
export const README = join(ROOT, 'README.md')
const START = '<!-- bench:start -->'
const END = '<!-- bench:end -->'

type Figures = Record<string, number | string | null>
export interface BenchResults {
  core?: Figures
  sdk?: Figures
  edge?: Figures
  demo?: Figures
  trainer?: Figures
  /** the profile uploader (trainer/bench/profiles.ts) */
  profiles?: Figures
  byHand: Array<{ what: string; budget: string; measured: string; after: string }>
}

/** The figures each package's bench JSON contributes (a flat pick, so the committed file stays small). */
const PICK: Record<'core' | 'sdk' | 'edge' | 'demo' | 'trainer' | 'profiles', (json: Record<string, unknown>) => Figures> = {
  profiles: (j) => ({ date: str(j.at), profiles: num(j.profiles), perSecond: num(j.uploadProfilesPerSecond), seconds: num(j.uploadSeconds), minutes10M: num(j.extrapolated10MMinutes), recordBytes: num(j.recordBytes) }),
  core: (j) => ({ date: str(j.date), machine: str(j.machine), medianUs: num(j.scoreExplainMedianUs), p95Us: num(j.scoreExplainP95Us), features: num(j.features) }),
  sdk: (j) => ({ date: str(j.date), mainGzipBytes: num(j.mainEntryGzipBytes), workerGzipBytes: num(j.workerGzipBytes), p50Ms: num(j.trackCallbackP50Ms), p95Ms: num(j.trackCallbackP95Ms), events: num(j.trackCallbackEvents), misses: num(j.trackCallbackMisses) }),
  edge: (j) => {
    const f = (j.figures ?? {}) as Record<string, { median?: number }>
    const profiles = ((j.figures ?? {}) as { profiles?: { getLoopback?: { medianMs?: number; p95Ms?: number } } }).profiles
    return {
      date: str(j.at), wall20Ms: num(f.scoreWallMs_20events?.median), wall200Ms: num(f.scoreWallMs_200events?.median), wall1000Ms: num(f.scoreWallMs_1000events?.median),
      profileScore20Ms: num(f.profileScoreWallMs_20events?.median), profileGetMs: num(f.profileGetWallMs?.median),
      profileGetLoopbackP50Ms: num(profiles?.getLoopback?.medianMs), profileGetLoopbackP95Ms: num(profiles?.getLoopback?.p95Ms),
    }
  },
  demo: (j) => ({ date: str(j.measuredAt), coldSeconds: num(j.startToUrlColdSeconds), warmSeconds: num(j.startToUrlWarmSeconds) }),
  trainer: (j) => {
    type Case = { auc?: number; ece?: number; artifactBytes?: number; baselinesMeasured?: { recency?: number; frequency?: number }; baselines?: { recency?: number; frequency?: number }; gbt?: number }
    const m = (j.model ?? {}) as Record<string, Case> & { generated?: Record<string, Case> }
    const p = m['purchase-30d'] ?? {}
    const c = m['churn-90d'] ?? {}
    const out: Figures = {
      date: str(j.at), artifactBytes: num(p.artifactBytes),
      purchaseAuc: num(p.auc), purchaseEce: num(p.ece), purchaseRecency: num(p.baselinesMeasured?.recency), purchaseFrequency: num(p.baselinesMeasured?.frequency),
      churnAuc: num(c.auc), churnEce: num(c.ece), churnRecency: num(c.baselinesMeasured?.recency), churnFrequency: num(c.baselinesMeasured?.frequency),
    }
    const fit = (j.fit ?? {}) as { seconds?: number; cpuSeconds?: number; rows?: number }
    Object.assign(out, { fitSeconds: num(fit.seconds), fitCpuSeconds: num(fit.cpuSeconds), fitRows: num(fit.rows) })
    type Run = { seconds?: number; cpuSeconds?: number; peakMb?: number; peakRangeMb?: [number, number] }
    const scale = (j.scale ?? {}) as Record<string, Run | number | string | undefined>
    for (const key of ['shard', 'trainFromCsv', 'trainFromShards', 'trainSparse', 'scoreCsv2', 'scoreCsv1', 'scoreShards', 'scoreShards50m'] as const) {
      const run = scale[key] as Run | undefined
      out[`${key}:seconds`] = num(run?.seconds)
      out[`${key}:cpuSeconds`] = num(run?.cpuSeconds)
      out[`${key}:peakMb`] = num(run?.peakMb)
      // runs repeated for a memory budget (medians): the range of their peaks
      out[`${key}:peakMinMb`] = num(run?.peakRangeMb?.[0])
      out[`${key}:peakMaxMb`] = num(run?.peakRangeMb?.[1])
    }
    out.scaleEvents = num(scale.events)
    for (const [name, g] of Object.entries(m.generated ?? {})) {
      out[`case:${name}:auc`] = num(g.auc)
      out[`case:${name}:ece`] = num(g.ece)
      out[`case:${name}:best`] = num(Math.max(g.baselines?.recency ?? 0, g.baselines?.frequency ?? 0, g.gbt ?? 0))
    }
    return out
  },
}
function num(v: unknown): number | null { return typeof v === 'number' && Number.isFinite(v) ? v : null }
/** ", median of runs whose peaks spanned A–B MB" for a run repeated for its memory budget, else nothing. */
function peakRange(f: Figures | undefined, key: string): string {
  const lo = f?.[`${key}:peakMinMb`]
  const hi = f?.[`${key}:peakMaxMb`]
  return typeof lo === 'number' && typeof hi === 'number' ? ` (median of runs peaking ${lo.toFixed(0)}–${hi.toFixed(0)} MB)` : ''
}
function str(v: unknown): string | null { return typeof v === 'string' ? v : null }

/** `scripts/bench-results.json` with the figures of every `.auspex/bench/<pkg>.json` found merged in. */
export function collectResults(benchDir = join(ROOT, '.auspex/bench')): BenchResults {
  const results = JSON.parse(readFileSync(RESULTS, 'utf8')) as BenchResults
  for (const pkg of Object.keys(PICK) as Array<keyof typeof PICK>) {
    const file = join(benchDir, `${pkg === 'profiles' ? 'trainer-profiles' : pkg}.json`)
    if (existsSync(file)) results[pkg] = PICK[pkg](JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
  }
  return results
}

const fixed = (v: number | string | null | undefined, digits: number) => (typeof v === 'number' ? v.toFixed(digits) : '—')
const kb = (bytes: number | string | null | undefined) => (typeof bytes === 'number' ? `${(bytes / 1024).toFixed(2)} KB` : '—')

/** "withdraw-30d 0.662 (best 0.644) · …" from the trainer's generated-case figures. */
function generatedCases(t: Figures | undefined): string {
  const names = Object.keys(t ?? {}).filter((k) => k.startsWith('case:') && k.endsWith(':auc')).map((k) => k.slice(5, -4))
  if (names.length === 0) return '—'
  return names.map((n) => `\`${n}\` ${fixed(t?.[`case:${n}:auc`], 3)} (best ${fixed(t?.[`case:${n}:best`], 3)}, ECE ${fixed(t?.[`case:${n}:ece`], 3)})`).join(' · ')
}

/** "41.9 s (64.0 CPU-s), 1519 MB peak" for one run of the scale bench. */
function run(t: Figures | undefined, key: string): string {
  const v = (f: string) => t?.[`${key}:${f}`]
  return typeof v('seconds') === 'number' ? `${fixed(v('seconds'), 1)} s (${fixed(v('cpuSeconds'), 1)} CPU-s), ${fixed(v('peakMb'), 0)} MB peak` : '—'
}

/** Millions of events a second of one run of the scale bench. */
function rate(t: Figures | undefined, key: string): string {
  const seconds = t?.[`${key}:seconds`]
  return typeof seconds === 'number' && typeof t?.scaleEvents === 'number' ? (t.scaleEvents / seconds / 1e6).toFixed(2) : '—'
}

/** `--workers 1` time over `--workers 2` time. */
function ratio(t: Figures | undefined): string {
  const one = t?.['scoreCsv1:seconds']
  const two = t?.['scoreCsv2:seconds']
  const medians = typeof t?.['scoreCsv1:peakMinMb'] === 'number' ? ', medians of alternating runs' : ''
  return typeof one === 'number' && typeof two === 'number' ? `${(one / two).toFixed(2)}× (${one.toFixed(1)} s vs ${two.toFixed(1)} s${medians})` : '—'
}

/** The Markdown table (with its markers) for `results`. */
export function renderTable(r: BenchResults): string {
  const rows: Array<[string, string, string]> = [
    ['score + explain one profile in core', '≤ 20 µs median', `${fixed(r.core?.medianUs, 1)} µs median, p95 ${fixed(r.core?.p95Us, 1)} µs (worst case: a term on all ${r.core?.features ?? '—'} features)`],
    ['`track` → subscriber callback in Chromium', '≤ 5 ms p95', `${fixed(r.sdk?.p95Ms, 1)} ms p95 (${fixed(r.sdk?.p50Ms, 1)} ms p50; ${r.sdk?.misses ?? '—'} of ${r.sdk?.events ?? '—'} events timed out, counted at 2 s)`],
    ['SDK main-thread entry / worker bundle', '≤ 4 KB / ≤ 40 KB gzip', `${kb(r.sdk?.mainGzipBytes)} / ${kb(r.sdk?.workerGzipBytes)}`],
  ]
  const hand = (after: string) => r.byHand.filter((h) => h.after === after).map((h): [string, string, string] => [h.what, h.budget, `${h.measured} (by hand)`])
  const table: Array<[string, string, string]> = [
    ...rows.slice(0, 3), ...hand('sdk'),
    ['edge `POST /v1/score`', '≤ 1 ms CPU median', `wall median, in-process (workerd has no per-request CPU locally): ${fixed(r.edge?.wall20Ms, 2)} ms (20 events); ${fixed(r.edge?.wall200Ms, 2)} ms (200); ${fixed(r.edge?.wall1000Ms, 2)} ms (1,000)`],
    ['edge `POST /v1/profiles/:id/score` (20 new events) / `GET /v1/profiles/:id`', '≤ 1 ms CPU median / p50, p95',
      `wall median in-process ${fixed(r.edge?.profileScore20Ms, 2)} ms / ${fixed(r.edge?.profileGetMs, 2)} ms; GET over loopback to \`wrangler dev\` ` +
      `(100 k profiles): p50 ${fixed(r.edge?.profileGetLoopbackP50Ms, 1)} ms, p95 ${fixed(r.edge?.profileGetLoopbackP95Ms, 1)} ms`],
    ...hand('edge'),
    ['default model artifact (`purchase-30d`, Online Retail)', '≤ 50 KB', kb(r.trainer?.artifactBytes)],
    ['the fit (tfjs) of 300 k examples × 56 features', '≤ 5 s (part of the 30 s below)', `${fixed(r.trainer?.fitSeconds, 1)} s (${fixed(r.trainer?.fitCpuSeconds, 1)} s CPU)`],
    ['`auspex train`, 10 M events, 2 workers: from a gzip CSV export / from shards', '≤ 40 s / ≤ 30 s wall, < 1.5 GB peak',
      `${run(r.trainer, 'trainFromCsv')}${peakRange(r.trainer, 'trainFromCsv')} / ${run(r.trainer, 'trainFromShards')}; ` +
      `from shards, a goal few snapshots are eligible for (trainer/bench/goals/repeat-30d.json): ${run(r.trainer, 'trainSparse')}`],
    ['`auspex score`, 10 M events from a gzip CSV export, 2 workers', '≥ 1.5 M events/s end to end',
      `${rate(r.trainer, 'scoreCsv2')} M events/s: ${run(r.trainer, 'scoreCsv2')}${peakRange(r.trainer, 'scoreCsv2')}; from shards ${rate(r.trainer, 'scoreShards')} M events/s: ${run(r.trainer, 'scoreShards')}`],
    ['`auspex score --workers 2` vs `--workers 1` (ingest to scores)', '≥ 1.7×', ratio(r.trainer)],
    ['`auspex score` memory: 50 M events vs 10 M, from shards', 'bounded by shard size (≤ the 10 M peak + 25 %)',
      typeof r.trainer?.['scoreShards50m:peakMb'] === 'number' ? `${fixed(r.trainer['scoreShards50m:peakMb'], 0)} MB vs ${fixed(r.trainer['scoreShards:peakMb'], 0)} MB peak${peakRange(r.trainer, 'scoreShards50m')}` : 'not run (`trainer/bench/scale.ts --big`)'],
    ['accuracy (Online Retail, cut-off 2011-09-01)', 'hold-out AUC within 0.01 of GBT (0.741 / 0.739); ECE ≤ 0.03',
      `\`purchase-30d\` AUC ${fixed(r.trainer?.purchaseAuc, 3)}, ECE ${fixed(r.trainer?.purchaseEce, 3)} (recency ${fixed(r.trainer?.purchaseRecency, 3)}, ` +
      `frequency ${fixed(r.trainer?.purchaseFrequency, 3)}); \`churn-90d\` (\`--holdout profiles\`) AUC ${fixed(r.trainer?.churnAuc, 3)}, ` +
      `ECE ${fixed(r.trainer?.churnEce, 3)} (recency ${fixed(r.trainer?.churnRecency, 3)}, frequency ${fixed(r.trainer?.churnFrequency, 3)})`],
    ['accuracy, generated cases (trainer/src/cases)', 'within 0.01 of the best of recency, frequency and GBT', generatedCases(r.trainer)],
    ['upload of 100 k profiles to the local edge (`--publish-profiles`), extrapolated to 10 M', '—',
      `${r.profiles?.profiles ?? '—'} records of ~${r.profiles?.recordBytes ?? '—'} B: ${fixed(r.profiles?.seconds, 1)} s, ${r.profiles?.perSecond ?? '—'} profiles/s ` +
      `→ ~${fixed(r.profiles?.minutes10M, 0)} min for 10 M (linear; local workerd on the same 2 cores; trainer/README.md)`],
    ['`pnpm start` → URLs, clean checkout', '< 2 min', `${fixed(r.demo?.coldSeconds, 1)} s (${fixed(r.demo?.warmSeconds, 1)} s with the models cached)`],
  ]
  const dates = (['core', 'sdk', 'edge', 'trainer', 'profiles', 'demo'] as const).map((p) => `${p} ${String(r[p]?.date ?? '—').slice(0, 10)}`).join(', ')
  return [
    START,
    `Generated by \`pnpm bench:docs\` from \`scripts/bench-results.json\` (runs: ${dates}; ${r.core?.machine ?? 'machine unknown'}).`,
    '',
    '| what | budget | measured |',
    '|---|---|---|',
    ...table.map((row) => `| ${row.join(' | ')} |`),
    END,
  ].join('\n')
}

/** The README with its marked table replaced by `table`. Throws when the markers are missing. */
export function withTable(readme: string, table: string): string {
  const a = readme.indexOf(START)
  const b = readme.indexOf(END)
  if (a < 0 || b < a) throw new Error(`README.md: no ${START} … ${END} block`)
  return readme.slice(0, a) + table + readme.slice(b + END.length)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = collectResults()
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`)
  writeFileSync(README, withTable(readFileSync(README, 'utf8'), renderTable(results)))
  console.log(`bench:docs: README budget table rendered from ${RESULTS}`)
}
