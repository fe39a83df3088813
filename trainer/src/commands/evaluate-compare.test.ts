import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GoalSpec } from '@auspex/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DAY } from '../cases/case-types.ts'
import { repurchaseCase } from '../cases/repurchase.ts'
import { memorySource } from '../model/memory-source.ts'
import { train } from '../model/train.ts'
import type { CliIo } from './io.ts'
import { writeModelDir } from './model-dir.ts'
import { runCli } from './run-cli.ts'

const data = repurchaseCase(11, 700)
const at = new Date(data.cut).toISOString()
let tmp = ''
let events = ''
const dir = (name: string) => join(tmp, name)

async function trainTo(name: string, goal: GoalSpec, before?: number): Promise<void> {
  const r = await train(memorySource(data.events), goal, { seed: 1, maxExamples: 3000, ...(before === undefined ? {} : { before }) })
  await writeModelDir(dir(name), r.artifact, r.metrics, '<html></html>')
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'auspex-compare-test-'))
  events = join(tmp, 'events.jsonl')
  await writeFile(events, data.events.map((e) => JSON.stringify({ ...e, timestamp: new Date(e.timestamp).toISOString() })).join('\n') + '\n')
  await trainTo('older', data.goal, data.cut - 60 * DAY)
  await trainTo('newer', data.goal, data.cut)
  await trainTo('all', data.goal)
  await trainTo('weekly', { ...data.goal, name: 'repurchase-7d', window: '7d' }, data.cut - 60 * DAY)
}, 120_000)
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

function memoryIo(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', env: {}, fetch: globalThis.fetch } as CliIo & { out: string; err: string }
  io.stdout = (t) => { io.out += t }
  io.stderr = (t) => { io.err += t }
  return io
}

const evaluate = async (...args: string[]) => {
  const io = memoryIo()
  const code = await runCli(['evaluate', '--events', events, '--as-of', at, ...args], io)
  return { code, ...io }
}

describe('auspex evaluate --model A --model B', () => {
  it('--json: one document with the population, both models with their folders, and B − A', async () => {
    const r = await evaluate('--model', dir('older'), '--model', dir('newer'), '--json')
    expect(r.code).toBe(0)
    expect(r.err).toBe('')
    const doc = JSON.parse(r.out)
    expect(Object.keys(doc)).toEqual(['asOf', 'labelWindow', 'population', 'models', 'difference', 'comparable'])
    expect(doc.asOf).toBe(at)
    expect(doc.comparable).toBe(true)
    expect(doc.models.map((m: { dir: string }) => m.dir)).toEqual([dir('older'), dir('newer')])
    const [a, b] = doc.models as Array<{ version: string; goal: string; metrics: Record<string, number> & { evaluation: { n: number } } }>
    expect(a!.version).not.toBe(b!.version)
    expect(a!.goal).toBe('repurchase-14d')
    expect(a!.metrics.evaluation.n).toBe(doc.population.n)
    expect(b!.metrics.evaluation.n).toBe(doc.population.n)
    expect(b!.metrics.positives).toBe(doc.population.positives)
    for (const k of ['auc', 'prAuc', 'logLoss', 'brier', 'ece']) expect(doc.difference[k]).toBe(b!.metrics[k]! - a!.metrics[k]!)
    expect(doc.difference.aucInterval).toMatchObject({ level: 0.95, resamples: 1000, seed: 1 })
    expect(doc.difference.aucInterval.low).toBeLessThanOrEqual(doc.difference.aucInterval.high)
  })

  it('prints both models side by side with B − A and the AUC interval', async () => {
    const r = await evaluate('--model', dir('older'), '--model', dir('newer'))
    expect(r.code).toBe(0)
    const lines = r.out.trimEnd().split('\n')
    expect(lines[0]).toBe(`compare at ${at}: labels from [${at}, ${new Date(data.cut + 14 * DAY).toISOString()})`)
    expect(lines[1]).toMatch(/^ {2}population: [\d,]+ profiles eligible under both models' goals at the cut-off \([\d,]+ positive\)$/)
    expect(lines[2]).toContain(`(${dir('older')})`)
    expect(lines[3]).toContain(`(${dir('newer')})`)
    expect(lines[4]).toMatch(/^ {21}A {9}B {5}B − A$/)
    for (const k of ['AUC', 'PR AUC', 'log loss', 'Brier', 'ECE']) expect(r.out).toMatch(new RegExp(`\\n  ${k} +0\\.\\d+ +0\\.\\d+ +[+−]0\\.\\d+\\n`))
    const n = /\n {2}n +([\d,]+) +([\d,]+)\n/.exec(r.out)
    expect(n?.[1]).toBe(n?.[2])
    expect(r.out).toMatch(/\n {2}AUC B − A: [+−]0\.\d{3}, 95 % interval [+−]0\.\d{3} to [+−]0\.\d{3} \(paired bootstrap over profiles, 1,000 resamples, seed 1\)\n/)
    expect(r.out).not.toContain('not comparable')
  })

  it('warns that the comparison is in-sample and not comparable when a model was trained on events after the cut-off', async () => {
    const r = await evaluate('--model', dir('older'), '--model', dir('all'))
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/\n {2}warning: not comparable: model B \(.+\) was trained on events before .+, after the cut-off, so it has seen the outcomes it is scored on \(in-sample\)/)
    expect(r.out).toMatch(/\n {2}warning \(B\): in-sample: /)
    const doc = JSON.parse((await evaluate('--model', dir('all'), '--model', dir('older'), '--json')).out)
    expect(doc.comparable).toBe(false)
    expect(doc.reason).toMatch(/^model A \(.+\) was trained on events before .+ \(in-sample\); train both with --before /)
  })

  it('refuses goals whose labels differ, and more than two models (usage errors, exit 2)', async () => {
    const r = await evaluate('--model', dir('older'), '--model', dir('weekly'))
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/error USAGE: auspex evaluate --model .*older --model .*weekly: the goals differ in window \(repurchase-14d: 14d; repurchase-7d: 7d\), so the models' labels would differ; compare versions of one goal/)
    const json = await evaluate('--model', dir('older'), '--model', dir('weekly'), '--json')
    expect(JSON.parse(json.out)).toEqual({ ok: false, error: { code: 'USAGE', message: expect.stringContaining('the goals differ in window') } })
    const three = await evaluate('--model', dir('older'), '--model', dir('newer'), '--model', dir('all'))
    expect(three.code).toBe(2)
    expect(three.err).toMatch(/3 --model flags; give one model, or two \(A and B\) to compare/)
  })

  it('still evaluates one model alone, as before', async () => {
    const r = await evaluate('--model', dir('newer'))
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^repurchase-14d \S+ at /)
    expect(r.out).toMatch(/\n {2}AUC 0\.\d{3}, PR AUC/)
  })
})
