import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixtureTexts, storedName } from '../../fixtures/vocabulary/make-fixtures.ts'
import { openEvents } from '../ingest/index.ts'
import type { ProfileEvents } from '../types.ts'
import type { CliIo } from './io.ts'
import { runCli } from './run-cli.ts'

/**
 * The same shop events as a canonical CSV, GA4 export rows, Segment track calls and XDM ExperienceEvents
 * (trainer/fixtures/vocabulary) must train the same model and score the same, without --map. The goal's outcome
 * type is written as `purchase`, `Order Completed` and `commerce.purchases`: one goal.
 */
const DIR = resolve(import.meta.dirname, '../../fixtures/vocabulary')
const FORMATS = [
  { name: 'GA4', file: 'ga4.jsonl.gz', goal: 'order-completed', type: 'Order Completed' },
  { name: 'Segment', file: 'segment.jsonl.gz', goal: 'commerce-purchases', type: 'commerce.purchases' },
  { name: 'XDM', file: 'xdm.jsonl.gz', goal: 'purchase', type: 'purchase' },
] as const
const CSV = 'events.csv.gz'

let tmp = ''
beforeAll(async () => { tmp = await mkdtemp(join(tmpdir(), 'auspex-vocabulary-')) })
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

function quietIo(): CliIo & { err: string } {
  const io = { err: '', env: {}, fetch: globalThis.fetch, stdout: () => undefined } as unknown as CliIo & { err: string }
  io.stderr = (t) => { io.err += t }
  return io
}

/** Trains with the real CLI; returns the parts of the artifact that do not name the run, and metrics.json. */
async function trainFrom(file: string, goal: string): Promise<{ artifact: Record<string, unknown>; metrics: Record<string, unknown> }> {
  const out = join(tmp, `${file}-${goal}`)
  const io = quietIo()
  const code = await runCli(['train', '--events', join(DIR, file), '--goal', join(DIR, 'goals', `${goal}.json`), '--out', out, '--json'], io)
  expect(code, io.err).toBe(0)
  const { version, createdAt, hash, ...artifact } = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as Record<string, unknown>
  const { modelVersion, ...metrics } = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as Record<string, unknown>
  expect([version, createdAt, hash, modelVersion].every((x) => typeof x === 'string')).toBe(true)
  return { artifact, metrics }
}

async function eventsOf(file: string): Promise<ProfileEvents[]> {
  const source = await openEvents([join(DIR, file)])
  expect(source.summary.bad).toEqual([])
  const out: ProfileEvents[] = []
  for await (const p of source.profiles()) {
    out.push({ profileId: p.profileId, events: p.events.map(({ attributes, ...e }) => e) })
  }
  await source.close()
  return out
}

describe('one vocabulary: GA4, Segment and XDM exports train the model the canonical CSV trains', () => {
  let csv: Awaited<ReturnType<typeof trainFrom>>
  beforeAll(async () => { csv = await trainFrom(CSV, 'purchase') })

  it('the committed fixtures are what make-fixtures.ts writes', async () => {
    for (const [name, text] of Object.entries(fixtureTexts())) {
      const stored = storedName(name, text)
      const bytes = await readFile(join(DIR, stored))
      expect((stored.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8') === text, `${stored} is stale: run make-fixtures.ts`).toBe(true)
    }
  })

  it('the canonical model has both classes and learns something', () => {
    const m = csv.metrics as { positives: number; negatives: number; auc: number }
    expect(m.positives).toBeGreaterThan(20) // one example per eligible profile at the test cut-off
    expect(m.negatives).toBeGreaterThan(20)
    expect(m.auc).toBeGreaterThan(0.6)
  })

  it.each(FORMATS)('$name reads as the same events (profile, time to the ms, type, value, item)', async ({ file }) => {
    const [expected, actual] = await Promise.all([eventsOf(CSV), eventsOf(file)])
    expect(actual.length).toBeGreaterThan(300)
    expect(actual).toEqual(expected)
  })

  it.each(FORMATS)('$name trains the same artifact terms, weights and metrics (goal outcome type $type)', async ({ file, goal }) => {
    const other = await trainFrom(file, goal)
    const terms = (a: Record<string, unknown>) => (a.model as { terms: unknown[] }).terms
    expect(terms(other.artifact).length).toBeGreaterThan(0)
    expect(terms(other.artifact)).toEqual(terms(csv.artifact))
    expect(other.artifact).toEqual(csv.artifact)
    expect(other.metrics).toEqual(csv.metrics)
  })

  it.each(FORMATS)('$name evaluates like the CSV with the CSV model', async ({ file }) => {
    const model = join(tmp, `${CSV}-purchase`)
    const evaluate = async (events: string): Promise<Record<string, unknown>> => {
      const io = quietIo()
      let out = ''
      io.stdout = (t) => { out += t }
      expect(await runCli(['evaluate', '--model', model, '--events', join(DIR, events), '--as-of', '2021-08-01', '--json'], io), io.err).toBe(0)
      return JSON.parse(out) as Record<string, unknown>
    }
    const expected = await evaluate(CSV)
    expect(expected.auc).toBeGreaterThan(0.5)
    expect(await evaluate(file)).toEqual(expected)
  })

  it.each(FORMATS)('$name scores like the CSV with the CSV model', async ({ file }) => {
    const model = join(tmp, `${CSV}-purchase`)
    const score = async (events: string): Promise<string> => {
      const out = join(tmp, `scores-${events}.csv`)
      const io = quietIo()
      expect(await runCli(['score', '--model', model, '--events', join(DIR, events), '--out', out, '--json'], io), io.err).toBe(0)
      return readFile(out, 'utf8')
    }
    const expected = await score(CSV)
    expect(expected.split('\n').length).toBeGreaterThan(50)
    expect(await score(file)).toBe(expected)
  })
})
