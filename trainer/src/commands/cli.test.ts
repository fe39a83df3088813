import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadModel, type Model, type Prediction } from '@auspex/core'
import { compareModels, goalMismatch } from '../model/compare.ts'
import { fixtureResult } from '../report/fixture-result.ts'
import type { EventSource, Metrics } from '../types.ts'
import type { CliIo } from './io.ts'
import type { ModelApi } from './model-api.ts'
import { writeModelDir } from './model-dir.ts'
import { runCli } from './run-cli.ts'

const FIX = resolve(import.meta.dirname, '../../test-fixtures')
let tmp = ''
beforeAll(async () => { tmp = await mkdtemp(join(tmpdir(), 'auspex-cli-test-')) })
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

function memoryIo(env: Record<string, string> = {}): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', env, fetch: globalThis.fetch } as CliIo & { out: string; err: string }
  io.stdout = (t) => { io.out += t }
  io.stderr = (t) => { io.err += t }
  return io
}

/** A stand-in for trainer-model: the CLI tests are about flags, files and output formats. */
function fakeApi(calls: Array<{ fn: string; args: unknown[] }>): () => Promise<ModelApi> {
  const prediction = (i: number): Prediction => ({
    probability: 0.1 * i, score: 10 * i, percentile: 10 * i, bucket: i > 5 ? 'high' : 'low', modelVersion: 'v', goal: 'purchase-30d', eligible: true,
    factors: [{ code: 'days_since_purchase', label: 'Last purchase "3 days", ago', value: 3, contribution: 0.5, importance: 'high', direction: 'up' }],
  })
  return async () => ({
    async train(source: EventSource, goal, options) {
      calls.push({ fn: 'train', args: [source.summary.events, goal.name, options?.before, options?.seed] })
      options?.onProgress?.({ step: 'examples', done: 10, unit: 'examples' })
      // as train() does: the data note is a training fact, sealed into the artifact
      return options?.dataNote === undefined ? fixtureResult() : fixtureResult({ dataNote: options.dataNote })
    },
    async *scorePopulation(model: Model, source: EventSource, asOf: number) {
      calls.push({ fn: 'score', args: [model.version, asOf] })
      let i = 0
      for await (const p of source.profiles({ before: asOf })) yield { profileId: p.profileId, prediction: prediction(++i) }
    },
    async *scoreProfiles(models: readonly Model[], source: EventSource, asOf: number) {
      calls.push({ fn: 'score', args: [models.map((m) => m.version).join(','), asOf] })
      let i = 0
      for await (const p of source.profiles({ before: asOf })) {
        const x = prediction(++i)
        yield { profileId: p.profileId, predictions: Object.fromEntries(models.map((m) => [m.goal.name, { ...x, goal: m.goal.name }])), states: Object.fromEntries(models.map((m) => [m.goal.name, m.engine.init()])) }
      }
    },
    async evaluate(model: Model, _source: EventSource, asOf: number): Promise<Metrics> {
      calls.push({ fn: 'evaluate', args: [model.version, asOf] })
      return fixtureResult().metrics
    },
    compareModels, // pure: compares whatever models and events it is given
    goalMismatch,
  })
}

describe('auspex CLI: flags', () => {
  it('prints help for every command', async () => {
    for (const command of ['train', 'score', 'segments', 'evaluate', 'publish', 'shard']) {
      const io = memoryIo()
      expect(await runCli([command, '--help'], io)).toBe(0)
      expect(io.out).toContain(`auspex ${command} —`)
      expect(io.out).toContain('--help')
    }
    const io = memoryIo()
    expect(await runCli(['--help'], io)).toBe(0)
    expect(io.out).toMatch(/train.*\n.*score.*\n.*segments.*\n.*evaluate.*\n.*publish/)
  })

  it('prints its version, the trainer package\'s (exit 0)', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    for (const flag of ['--version', '-V', 'version']) {
      const io = memoryIo()
      expect(await runCli([flag], io)).toBe(0)
      expect(io.out).toBe(`auspex ${version}\n`)
    }
  })

  it('names an unknown flag and lists the valid ones (exit 2)', async () => {
    const io = memoryIo()
    expect(await runCli(['train', '--events', 'x.csv', '--golz', 'g.json'], io)).toBe(2)
    expect(io.err).toMatch(/unknown flag --golz; valid flags: --help, --events, --map, --preset, --goal, --out/)
    const io2 = memoryIo()
    expect(await runCli(['train', '--evnets', 'x.csv'], io2)).toBe(2)
    expect(io2.err).toMatch(/unknown flag --evnets \(did you mean --events\?\); valid flags: --help, --events/)
  })

  it('rejects unknown commands and missing required flags (exit 2), as JSON with --json', async () => {
    const io = memoryIo()
    expect(await runCli(['trian'], io)).toBe(2)
    expect(io.err).toMatch(/unknown command "trian" \(did you mean train\?\); valid commands: train, score, segments, evaluate, publish/)
    const io2 = memoryIo()
    expect(await runCli(['score', '--events', 'x.csv', '--out', 'x.csv', '--json'], io2)).toBe(2)
    expect(JSON.parse(io2.out)).toEqual({ ok: false, error: { code: 'USAGE', message: expect.stringContaining('--model is required') } })
  })

  it('fails with exit 1 and the ingest error for a missing events file', async () => {
    const io = memoryIo()
    const code = await runCli(['train', '--events', join(tmp, 'none.csv'), '--goal', resolve(FIX, '../../goals/purchase-30d.json'), '--out', join(tmp, 'm0')], io, fakeApi([]))
    expect(code).toBe(1)
    expect(io.err).toMatch(/INGEST_FILE_NOT_FOUND: .*none\.csv: no such file/)
  })

  it('rejects an invalid goal with its JSON path', async () => {
    const io = memoryIo()
    const code = await runCli(['train', '--events', join(FIX, 'events.csv'), '--goal', join(FIX, 'events.jsonl'), '--out', join(tmp, 'm0')], io, fakeApi([]))
    expect(code).toBe(2)
    expect(io.err).toMatch(/--goal .*events\.jsonl: not valid JSON/)
    const markdown = join(tmp, 'goal.md')
    await writeFile(markdown, '# A goal\n\nnot JSON\n')
    const io2 = memoryIo()
    expect(await runCli(['train', '--events', join(FIX, 'events.csv'), '--goal', markdown, '--out', join(tmp, 'm0')], io2, fakeApi([]))).toBe(2)
    // JSON.parse's reason quotes the text, line breaks included: they are folded into one line
    expect(io2.err).toMatch(/^auspex train: error USAGE: --goal .*goal\.md: not valid JSON \(Unexpected token '#', "# A goal not JSON ?"\.* is not valid JSON\)\n$/)
  })
})

describe('auspex train / score / evaluate', () => {
  it('train writes model.json, metrics.json and report.html and prints a summary', async () => {
    const calls: Array<{ fn: string; args: unknown[] }> = []
    const out = join(tmp, 'model')
    const io = memoryIo()
    const code = await runCli(['train', '--events', join(FIX, 'events.csv'), '--goal', resolve(FIX, '../../goals/purchase-30d.json'), '--out', out, '--before', '2011-01-03', '--seed', '7'], io, fakeApi(calls))
    expect(io.err).toContain('examples: 10')
    expect(code).toBe(0)
    expect(calls).toEqual([{ fn: 'train', args: [6, 'purchase-30d', Date.UTC(2011, 0, 3), 7] }])
    expect(io.out).toMatch(/test AUC 0\.741, PR AUC 0\.520, ECE 0\.012, base rate/)
    expect(io.out).toMatch(/warning: only 300 positive/)
    const artifact = JSON.parse(await readFile(join(out, 'model.json'), 'utf8'))
    expect(artifact.hash).toBe(fixtureResult().artifact.hash)
    expect(JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')).auc).toBe(0.741)
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('<section id="roc">')
  })

  it('train --data-note keeps the note in model.json (sealed: the hash and version cover it) and atop the report', async () => {
    const out = join(tmp, 'model-note')
    const note = 'Purchases are real; browsing is <simulated>.'
    const code = await runCli(['train', '--events', join(FIX, 'events.csv'), '--goal', resolve(FIX, '../../goals/purchase-30d.json'), '--out', out, '--data-note', note], memoryIo(), fakeApi([]))
    expect(code).toBe(0)
    const artifact = JSON.parse(await readFile(join(out, 'model.json'), 'utf8'))
    expect(artifact.training.dataNote).toBe(note)
    expect(artifact.hash).not.toBe(fixtureResult().artifact.hash)
    expect(artifact.version).not.toBe(fixtureResult().artifact.version)
    expect(loadModel(artifact).version).toBe(artifact.version) // loadModel checks the content hash
    const report = await readFile(join(out, 'report.html'), 'utf8')
    expect(report).toContain('<p class="data-note" data-testid="data-note"><strong>Data:</strong> Purchases are real; browsing is &lt;simulated&gt;.</p>')
  })

  it('train --json prints one JSON document and nothing on stderr', async () => {
    const io = memoryIo()
    const code = await runCli(['train', '--events', join(FIX, 'events.csv'), '--goal', resolve(FIX, '../../goals/purchase-30d.json'), '--out', join(tmp, 'model-json'), '--json'], io, fakeApi([]))
    expect(code).toBe(0)
    expect(io.err).toBe('')
    const doc = JSON.parse(io.out)
    expect(doc).toMatchObject({ ok: true, goal: 'purchase-30d', auc: 0.741, files: [expect.stringMatching(/model\.json$/), expect.stringMatching(/metrics\.json$/), expect.stringMatching(/report\.html$/)] })
  })

  it('score writes the contract CSV columns with proper quoting, and JSONL', async () => {
    const model = join(tmp, 'score-model')
    const r = fixtureResult()
    await writeModelDir(model, r.artifact, r.metrics, '<html></html>')
    const calls: Array<{ fn: string; args: unknown[] }> = []
    const csv = join(tmp, 'scores.csv')
    const io = memoryIo()
    expect(await runCli(['score', '--model', model, '--events', join(FIX, 'events.csv'), '--as-of', '2011-01-02T00:00:00Z', '--out', csv], io, fakeApi(calls))).toBe(0)
    expect(calls[0]).toEqual({ fn: 'score', args: [r.artifact.version, Date.UTC(2011, 0, 2)] })
    const lines = (await readFile(csv, 'utf8')).trimEnd().split('\n')
    expect(lines[0]).toBe('profileId,probability,score,percentile,bucket,factors')
    expect(lines.length).toBe(3)
    expect(lines[1]).toBe('p1,0.1,10,10,low,"[{""code"":""days_since_purchase"",""label"":""Last purchase \\""3 days\\"", ago"",""value"":3,""contribution"":0.5,""importance"":""high""}]"')
    expect(io.out).toMatch(/scored 2 eligible profiles at 2011-01-02T00:00:00.000Z/)

    const jsonl = join(tmp, 'scores.jsonl')
    expect(await runCli(['score', '--model', model, '--events', join(FIX, 'events.csv'), '--out', jsonl], memoryIo(), fakeApi(calls))).toBe(0)
    expect(calls[1]!.args[1]).toBe(Date.UTC(2011, 0, 3) + 1)
    const rows = (await readFile(jsonl, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l))
    expect(rows.length).toBe(3)
    expect(Object.keys(rows[0])).toEqual(['profileId', 'probability', 'score', 'percentile', 'bucket', 'factors'])
    expect(rows[0].factors[0]).toEqual({ code: 'days_since_purchase', label: 'Last purchase "3 days", ago', value: 3, contribution: 0.5, importance: 'high' })
  })

  it('score refuses other output extensions; evaluate prints the metrics', async () => {
    const model = join(tmp, 'score-model')
    const io = memoryIo()
    expect(await runCli(['score', '--model', model, '--events', join(FIX, 'events.csv'), '--out', join(tmp, 's.txt')], io, fakeApi([]))).toBe(2)
    expect(io.err).toMatch(/must end in \.csv or \.jsonl/)
    const io2 = memoryIo()
    expect(await runCli(['evaluate', '--model', model, '--events', join(FIX, 'events.csv'), '--as-of', '2011-01-02'], io2, fakeApi([]))).toBe(0)
    expect(io2.out).toMatch(/AUC 0\.741/)
    expect(io2.out).toMatch(/baseline recency: AUC 0\.676/)
    const io3 = memoryIo()
    expect(await runCli(['evaluate', '--model', join(tmp, 'nowhere'), '--events', join(FIX, 'events.csv'), '--as-of', '2011-01-02'], io3, fakeApi([]))).toBe(1)
    expect(io3.err).toMatch(/no model\.json there/)
    const io4 = memoryIo()
    expect(await runCli(['evaluate', '--model', model, '--events', join(FIX, 'events.csv'), '--as-of', 'last tuesday'], io4, fakeApi([]))).toBe(2)
    expect(io4.err).toMatch(/--as-of last tuesday: expected an ISO 8601 time/)
  })

  it('train and score check --out before reading the events', async () => {
    const file = join(tmp, 'not-a-folder')
    await writeFile(file, 'x')
    const calls: Array<{ fn: string; args: unknown[] }> = []
    const io = memoryIo()
    expect(await runCli(['train', '--events', join(tmp, 'missing.csv'), '--goal', join(FIX, '../../goals/purchase-30d.json'), '--out', file], io, fakeApi(calls))).toBe(2)
    expect(io.err).toMatch(/--out .*not-a-folder: a file is there; give a folder/)
    expect(calls).toEqual([])
    const io2 = memoryIo()
    expect(await runCli(['score', '--model', join(tmp, 'score-model'), '--events', join(tmp, 'missing.csv'), '--out', join(file, 'scores.csv')], io2, fakeApi(calls))).toBe(2)
    expect(io2.err).toMatch(/not-a-folder is a file, so no folder can be made under it/)
  })

  it('score checks --as-of before reading the events', async () => {
    const model = join(tmp, 'score-model')
    const io = memoryIo()
    // the events are not even there: a bad --as-of is reported first, not after a long read
    expect(await runCli(['score', '--model', model, '--events', join(tmp, 'missing.csv'), '--as-of', 'yesterday', '--out', join(tmp, 's.csv')], io, fakeApi([]))).toBe(2)
    expect(io.err).toMatch(/--as-of yesterday: expected an ISO 8601 time/)
    expect(io.err).not.toMatch(/read/)
  })
})
