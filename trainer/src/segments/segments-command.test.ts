import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixtureResult } from '../report/fixture-result.ts'
import type { CliIo } from '../commands/io.ts'
import { writeModelDir } from '../commands/model-dir.ts'
import { runCli } from '../commands/run-cli.ts'

let tmp = ''
beforeAll(async () => { tmp = await mkdtemp(join(tmpdir(), 'auspex-segments-cmd-')) })
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = { out: '', err: '', env: {}, fetch: globalThis.fetch } as CliIo & { out: string; err: string }
  io.stdout = (t) => { io.out += t }
  io.stderr = (t) => { io.err += t }
  return { code: await runCli(args, io), out: io.out, err: io.err }
}

const row = (id: string, goal: string, score: number, bucket: string, segments: string[], factors: Array<[string, number]>) =>
  JSON.stringify({ profileId: id, probability: score / 100, score, percentile: Math.max(1, score), bucket, factors: factors.map(([code, contribution]) => ({ code, label: code, value: 1, contribution, importance: 'high' })), goal, segments })

describe('auspex segments: aggregation and errors', () => {
  it('counts each profile once, averages scores per goal and ranks factors by members', async () => {
    const file = join(tmp, 's.jsonl')
    await writeFile(file, [
      row('a', 'buy', 80, 'high', ['hot', 'both'], [['recency', 0.4], ['visits', 0.2]]),
      row('a', 'churn', 10, 'low', ['hot', 'both'], [['recency', -0.6]]),
      row('b', 'buy', 60, 'high', ['hot'], [['recency', 0.2]]),
      row('c', 'buy', 5, 'low', [], []),
    ].join('\n') + '\n')
    const r = await run(['segments', '--scores', file, '--json', '--top', '2'])
    expect(r.code, r.err).toBe(0)
    const doc = JSON.parse(r.out)
    expect(doc.profiles).toBe(3)
    expect(doc.goals).toEqual(['buy', 'churn'])
    const hot = doc.segments.find((s: { name: string }) => s.name === 'hot')
    expect(hot).toMatchObject({ size: 2, share: 2 / 3, meanScore: { buy: 70, churn: 10 } })
    expect(hot.topFactors).toEqual([
      { goal: 'buy', code: 'recency', name: 'recency', members: 2, share: 1, meanContribution: expect.closeTo(0.3, 12) },
      { goal: 'churn', code: 'recency', name: 'recency', members: 1, share: 1, meanContribution: -0.6 },
    ])
    expect(doc.segments.find((s: { name: string }) => s.name === 'both')).toMatchObject({ size: 1, share: 1 / 3 })
    const table = await run(['segments', '--scores', file])
    expect(table.out).toMatch(/^hot +2 +66\.7 % +buy 70\.0, churn 10\.0$/m)
  })

  it('explains a file without a segments column, or without the score columns', async () => {
    const plain = join(tmp, 'plain.csv')
    await writeFile(plain, 'profileId,probability,score,percentile,bucket,factors\np,0.5,50,40,low,[]\n')
    const a = await run(['segments', '--scores', plain])
    expect(a.code).toBe(2)
    expect(a.err).toMatch(/has no segments column: pass --segments FILE/)
    const partial = join(tmp, 'partial.csv')
    await writeFile(partial, 'profileId,score,segments\np,50,[]\n')
    const b = await run(['segments', '--scores', partial, '--json'])
    expect(b.code).toBe(1)
    expect(JSON.parse(b.out).error).toEqual({ code: 'SCORES_FILE', message: expect.stringMatching(/missing columns probability, percentile, bucket, factors/) })
  })
  it('score refuses an invalid segments file before reading events, naming the file and the JSON path', async () => {
    const model = join(tmp, 'model')
    const r0 = fixtureResult()
    await writeModelDir(model, r0.artifact, r0.metrics, '')
    const bad = join(tmp, 'bad-segments.json')
    await writeFile(bad, JSON.stringify([{ name: 'x', all: [{ goal: 'purchase-30d', score: { min: 150 } }] }]))
    const r = await run(['score', '--model', model, '--events', join(tmp, 'none.csv'), '--segments', bad, '--out', join(tmp, 'never.csv')])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/INVALID_SEGMENT: --segments .*bad-segments\.json: \[0\]\.all\[0\]\.score\.min: expected a number within 0–100/)
  })
})
