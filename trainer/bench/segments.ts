/**
 * Trainer segments bench: on the bundled Online Retail data (cut-off 2011-09-01, both default goals trained
 * on a 20 000-example sample), the time of `auspex score` with two models and `--segments`, of
 * `auspex segments` on the file it writes, and the cost of `matchingSegments` per profile.
 * Run from the repo root: `npx tsx trainer/bench/segments.ts`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compileSegments, loadModel, matchingSegments, type Prediction } from '@auspex/core'
import { openEvents } from '../src/ingest/index.ts'
import { scoreProfiles, train } from '../src/model/index.ts'
import { processIo } from '../src/commands/io.ts'
import { runCli } from '../src/commands/run-cli.ts'
import { writeModelDir } from '../src/commands/model-dir.ts'

const root = new URL('../../', import.meta.url).pathname
const EVENTS = `${root}data/online-retail/online_retail.csv.gz`
const SEGMENTS = `${root}goals/segments.json`
const CUT = Date.UTC(2011, 8, 1)
const tmp = mkdtempSync(join(tmpdir(), 'auspex-bench-segments-'))
const quiet = { ...processIo(), stdout: () => {}, stderr: () => {} }
const figures: Record<string, number> = {}
try {
  const source = await openEvents([EVENTS], { preset: 'online-retail' })
  const dirs: string[] = []
  const models = []
  for (const g of ['purchase-30d', 'churn-90d']) {
    // churn-90d's 90-day window leaves too little history before the cut-off for a later test cut-off: profile hold-out
    const holdout = g === 'churn-90d' ? 'profiles' : 'time'
    const result = await train(source, JSON.parse(readFileSync(`${root}goals/${g}.json`, 'utf8')), { before: CUT, maxExamples: 20_000, holdout })
    dirs.push(join(tmp, g))
    await writeModelDir(dirs.at(-1)!, result.artifact, result.metrics, '')
    models.push(loadModel(result.artifact))
  }
  const all: Array<Record<string, Prediction>> = []
  for await (const p of scoreProfiles(models, source, CUT)) all.push(p.predictions)
  await source.close()
  const rules = compileSegments(JSON.parse(readFileSync(SEGMENTS, 'utf8')))
  const rounds = 50
  const t0 = performance.now()
  let members = 0
  for (let r = 0; r < rounds; r++) for (const p of all) members += matchingSegments(rules, p).length
  figures.matchMicrosPerProfile = ((performance.now() - t0) * 1000) / (rounds * all.length)
  figures.profiles = all.length
  const csv = join(tmp, 'scores.csv')
  const time = async (args: string[]) => { const t = performance.now(); const code = await runCli(args, quiet); if (code !== 0) throw new Error(`auspex ${args[0]} exited ${code}`); return (performance.now() - t) / 1000 }
  figures.scoreOneModelSeconds = await time(['score', '--model', dirs[0]!, '--events', EVENTS, '--as-of', '2011-09-01', '--out', join(tmp, 'one.csv')])
  figures.scoreTwoModelsSegmentsSeconds = await time(['score', '--model', dirs[0]!, '--model', dirs[1]!, '--events', EVENTS, '--as-of', '2011-09-01', '--segments', SEGMENTS, '--out', csv])
  figures.segmentsSummarySeconds = await time(['segments', '--scores', csv, '--json'])
  console.log(`trainer segments: matchingSegments ${figures.matchMicrosPerProfile.toFixed(2)} µs per profile (${rules.length} rules, 2 goals, ${all.length} profiles, ${members / rounds} memberships)`)
  console.log(`trainer score: one model ${figures.scoreOneModelSeconds.toFixed(1)} s; two models + segments ${figures.scoreTwoModelsSegmentsSeconds.toFixed(1)} s (ingest included)`)
  console.log(`trainer segments summary: ${figures.segmentsSummarySeconds.toFixed(2)} s for ${all.length} profiles (${all.reduce((n, p) => n + Object.keys(p).length, 0)} rows)`)
  mkdirSync(`${root}.auspex/bench`, { recursive: true })
  writeFileSync(`${root}.auspex/bench/trainer-segments.json`, JSON.stringify(figures, null, 2))
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
