/**
 * End to end with real models trained on the bundled Online Retail data (20 000-example samples): train/score
 * --segments and `auspex segments`, each checked against core (loadModel, predict, matchingSegments) directly.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileSegments, loadModel, matchingSegments, type Model, type Prediction } from '@auspex/core'
import { openEvents } from '../ingest/index.ts'
import type { CliIo } from '../commands/io.ts'
import { runCli } from '../commands/run-cli.ts'
import { SCORE_COLUMNS } from '../commands/score-writer.ts'
import { splitCsvLine } from './csv-line.ts'

const ROOT = resolve(import.meta.dirname, '../../..')
const EVENTS = join(ROOT, 'data/online-retail/online_retail.csv.gz')
const SEGMENTS = join(ROOT, 'goals/segments.json')
const AS_OF = '2011-09-01'
const GOALS = ['purchase-30d', 'churn-90d']

function memoryIo(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', env: {}, fetch: globalThis.fetch } as CliIo & { out: string; err: string }
  io.stdout = (t) => { io.out += t }
  io.stderr = (t) => { io.err += t }
  return io
}
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo()
  const code = await runCli(args, io)
  return { code, out: io.out, err: io.err }
}
function readCsv(text: string): Array<Record<string, string>> {
  const [head, ...lines] = text.trimEnd().split('\n').map((l) => splitCsvLine(l)!)
  return lines.map((f) => Object.fromEntries(head!.map((h, i) => [h, f[i]!])))
}

let tmp = ''
const trained: Record<string, { dir: string; json: Record<string, unknown> }> = {}
let models: Model[] = []
const rules = compileSegments(JSON.parse(await readFile(SEGMENTS, 'utf8')))
/** profileId → predictions by goal, computed with core directly */
const expected = new Map<string, Record<string, Prediction>>()

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'auspex-segments-e2e-'))
  for (const goal of GOALS) {
    const dir = join(tmp, goal)
    // churn-90d's two 90-day embargoes need more history than the data before AS_OF has: it trains on all of it
    const before = goal === 'churn-90d' ? [] : ['--before', AS_OF]
    const r = await cli(['train', '--events', EVENTS, '--goal', join(ROOT, `goals/${goal}.json`), '--out', dir, ...before, '--max-examples', '20000', '--segments', SEGMENTS, '--json'])
    expect(r.code, r.err + r.out).toBe(0)
    trained[goal] = { dir, json: JSON.parse(r.out) }
  }
  models = await Promise.all(GOALS.map(async (g) => loadModel(JSON.parse(await readFile(join(trained[g]!.dir, 'model.json'), 'utf8')))))
  const source = await openEvents([EVENTS], { preset: 'online-retail' })
  try {
    const asOf = Date.parse(AS_OF)
    for await (const p of source.profiles({ before: asOf })) {
      const byGoal: Record<string, Prediction> = {}
      for (const m of models) {
        const state = m.engine.init()
        for (const e of p.events) m.engine.update(state, e)
        if (m.goal.isEligible(state, asOf)) byGoal[m.goal.name] = m.predict(state, asOf)
      }
      if (Object.keys(byGoal).length) expected.set(p.profileId, byGoal)
    }
  } finally {
    await source.close()
  }
})
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

const scoreArgs = (out: string, goals = GOALS) => ['score', ...goals.flatMap((g) => ['--model', trained[g]!.dir]), '--events', EVENTS, '--as-of', AS_OF, '--segments', SEGMENTS, '--out', out]

describe('auspex score --model … --segments (real models)', () => {
  it('writes one row per (profile, goal) with a goal column, and the segments core computes for the profile', async () => {
    const out = join(tmp, 'scores.csv')
    const r = await cli([...scoreArgs(out), '--json'])
    expect(r.code, r.err).toBe(0)
    expect(r.err).toBe('')
    const text = await readFile(out, 'utf8')
    expect(text.slice(0, text.indexOf('\n'))).toBe([...SCORE_COLUMNS, 'goal', 'segments'].join(','))
    const rows = readCsv(text)
    expect(rows.length).toBe([...expected.values()].reduce((n, p) => n + Object.keys(p).length, 0))
    expect(new Set(rows.map((x) => x.profileId!)).size).toBe(expected.size)
    const sizes: Record<string, number> = {}
    for (const byGoal of expected.values()) for (const s of matchingSegments(rules, byGoal)) sizes[s] = (sizes[s] ?? 0) + 1
    for (const row of rows) {
      const p = expected.get(row.profileId!)![row.goal!]!
      expect([Number(row.score), row.bucket, Number(row.percentile)]).toEqual([p.score, p.bucket, p.percentile])
      expect(JSON.parse(row.segments!)).toEqual(matchingSegments(rules, expected.get(row.profileId!)!))
    }
    expect(Object.values(sizes).some((n) => n > 0)).toBe(true)
    const doc = JSON.parse(r.out)
    expect(doc).toMatchObject({ ok: true, profiles: expected.size, rows: rows.length, warnings: [] })
    expect(doc.segments).toEqual(Object.fromEntries(rules.map((s) => [s.name, sizes[s.name] ?? 0])))
  })

  it('JSONL carries the segments as an array, equal to the CSV', async () => {
    const out = join(tmp, 'scores.jsonl')
    expect((await cli(scoreArgs(out))).code).toBe(0)
    const rows = (await readFile(out, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l))
    expect(Object.keys(rows[0])).toEqual([...SCORE_COLUMNS, 'goal', 'segments'])
    for (const row of rows) expect(row.segments).toEqual(matchingSegments(rules, expected.get(row.profileId!)!))
  })

  it('one model: the contract columns plus segments, and one warning per rule reading an unscored goal', async () => {
    const out = join(tmp, 'purchase.csv')
    const r = await cli(scoreArgs(out, ['purchase-30d']))
    expect(r.code).toBe(0)
    const warnings = r.err.split('\n').filter((l) => l.startsWith('warning:'))
    const unscored = rules.filter((s) => s.goals.includes('churn-90d'))
    expect(warnings.length).toBe(unscored.length)
    for (const s of unscored) expect(r.err).toContain(`segment "${s.name}" reads goal "churn-90d", which is not scored`)
    const rows = readCsv(await readFile(out, 'utf8'))
    expect(Object.keys(rows[0]!)).toEqual([...SCORE_COLUMNS, 'segments'])
    for (const row of rows) {
      const p = expected.get(row.profileId!)!['purchase-30d']!
      expect(JSON.parse(row.segments!)).toEqual(matchingSegments(rules, { 'purchase-30d': p }))
    }
  })
})

describe('auspex segments (real scores)', () => {
  it('summarises size, share, mean score per goal and top factors, from CSV, JSONL or re-evaluated rules alike', async () => {
    const csv = await cli(['segments', '--scores', join(tmp, 'scores.csv'), '--json'])
    expect(csv.code, csv.err).toBe(0)
    const doc = JSON.parse(csv.out)
    expect(doc.profiles).toBe(expected.size)
    for (const s of rules) {
      const members = [...expected.values()].filter((p) => matchingSegments(rules, p).includes(s.name))
      const stats = doc.segments.find((x: { name: string }) => x.name === s.name)
      if (members.length === 0) { expect(stats).toBeUndefined(); continue }
      expect(stats.size).toBe(members.length)
      expect(stats.share).toBeCloseTo(members.length / expected.size, 12)
      for (const g of GOALS) {
        const scored = members.filter((p) => p[g])
        if (scored.length) expect(stats.meanScore[g]).toBeCloseTo(scored.reduce((a, p) => a + p[g]!.score, 0) / scored.length, 9)
      }
      expect(stats.topFactors.length).toBeGreaterThan(0)
      for (const f of stats.topFactors) {
        const having = members.filter((p) => p[f.goal]?.factors.some((x) => x.code === f.code))
        expect(f.members).toBe(having.length)
        expect(f.share).toBeCloseTo(having.length / members.filter((p) => p[f.goal]).length, 12)
      }
    }
    const jsonl = JSON.parse((await cli(['segments', '--scores', join(tmp, 'scores.jsonl'), '--json'])).out)
    expect(jsonl.segments).toEqual(doc.segments)
    const again = JSON.parse((await cli(['segments', '--scores', join(tmp, 'scores.csv'), '--segments', SEGMENTS, '--json'])).out)
    const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1)
    expect(again.segments.filter((s: { size: number }) => s.size > 0).sort(byName)).toEqual([...doc.segments].sort(byName))
    expect(again.segments.map((s: { name: string }) => s.name)).toEqual(rules.map((s) => s.name))
  })

  it('prints a table with every segment; a one-model file needs --model to evaluate rules', async () => {
    const table = await cli(['segments', '--scores', join(tmp, 'scores.csv'), '--segments', SEGMENTS, '--model', trained['churn-90d']!.dir])
    expect(table.code).toBe(0)
    for (const s of rules) expect(table.out).toMatch(new RegExp(`^${s.name} +[\\d,]+ +[\\d.]+ %`, 'm'))
    const file = join(tmp, 'purchase.csv')
    const refused = await cli(['segments', '--scores', file, '--segments', SEGMENTS])
    expect(refused.code).toBe(2)
    expect(refused.err).toMatch(/has no goal column .*pass --model DIR/)
    const ok = JSON.parse((await cli(['segments', '--scores', file, '--segments', SEGMENTS, '--model', trained['purchase-30d']!.dir, '--json'])).out)
    const fromColumn = JSON.parse((await cli(['segments', '--scores', file, '--json'])).out)
    const sizes = (list: Array<{ name: string; size: number }>) => Object.fromEntries(list.filter((s) => s.size > 0).map((s) => [s.name, s.size]))
    expect(sizes(ok.segments)).toEqual(sizes(fromColumn.segments))
    expect(Object.keys(sizes(ok.segments)).length).toBeGreaterThan(0)
    expect(ok.warnings.length).toBe(rules.filter((s) => s.goals.includes('churn-90d')).length)
  })
})

describe('auspex train --segments (real models)', () => {
  it('reports each own-goal rule on the hold-out population, the rest as "needs"', async () => {
    for (const goal of GOALS) {
      const { dir, json } = trained[goal]!
      const seg = json.segments as { asOf: string; population: number; segments: Array<{ name: string; size: number; meanScore: number | null }>; needs: Array<{ name: string; goals: string[] }> }
      const metrics = JSON.parse(await readFile(join(dir, 'metrics.json'), 'utf8'))
      expect(seg.asOf).toBe(new Date(metrics.split.test[0]).toISOString())
      const model = models[GOALS.indexOf(goal)]!
      const asOf = Date.parse(seg.asOf)
      const own = rules.filter((s) => s.goals.every((g) => g === goal))
      const sizes = own.map(() => 0), sums = own.map(() => 0)
      let n = 0
      const source = await openEvents([EVENTS], { preset: 'online-retail' })
      for await (const p of source.profiles({ before: asOf })) {
        const state = model.engine.init()
        for (const e of p.events) model.engine.update(state, e)
        if (!model.goal.isEligible(state, asOf)) continue
        n++
        const pr = model.predict(state, asOf)
        own.forEach((s, i) => { if (s.matches({ [goal]: pr })) { sizes[i]!++; sums[i]! += pr.score } })
      }
      await source.close()
      expect(seg.population).toBe(n)
      expect(seg.segments.map((s) => [s.name, s.size])).toEqual(own.map((s, i) => [s.name, sizes[i]]))
      seg.segments.forEach((s, i) => { if (sizes[i]) expect(s.meanScore).toBeCloseTo(sums[i]! / sizes[i]!, 9) })
      expect(seg.needs.map((s) => s.name)).toEqual(rules.filter((s) => !own.includes(s)).map((s) => s.name))
      const html = await readFile(join(dir, 'report.html'), 'utf8')
      expect(html).toContain('<section id="segments">')
      for (const s of seg.needs) expect(html).toContain(`<strong>${s.name}</strong>: needs ${s.goals.join(', ')}`)
    }
  })
})
