/**
 * The queues engine end to end on the real local edge: `auspex score --engine queues` against `wrangler dev` (real
 * Queue, R2 and Durable Object in workerd) writes the same scores, in the same order, as `--engine local` — also when
 * a consumer throws once, and when the CLI is killed mid-job and `auspex job --out` gathers the results.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EDGE_DIR, startLocalEdge, type LocalEdge } from '../scripts/local-edge.ts'

const ROOT = resolve(EDGE_DIR, '..')
const TSX = join(ROOT, 'node_modules/.bin/tsx')
const CLI = join(ROOT, 'trainer/src/cli.ts')
const EVENTS = join(ROOT, 'data/online-retail/online_retail.csv.gz')
const AS_OF = '2011-11-01T00:00:00.000Z'
const work = mkdtempSync(join(tmpdir(), 'auspex-queues-'))
const modelDir = join(work, 'model')

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().once('error', fail).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })
}

/** The CLI; `--workers 3` on both engines gives both the same 3 shards, hence the same row order. */
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(TSX, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 })

/** A failure message: the CLI's stderr and wrangler's last lines (this test once failed, unexplained, with a non-0 exit). */
const why = (res: { stderr: string }) => `CLI stderr:\n${res.stderr}\nwrangler dev:\n${edge?.output() || '(nothing)'}`

interface Row { profileId: string; probability: number; line: string }

/** The rows of a score CSV (the factors column holds commas inside quotes: only the first two fields are parsed). */
function rows(file: string): Row[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n')
  expect(header).toBe('profileId,probability,score,percentile,bucket,factors')
  return lines.map((line) => {
    const [profileId, probability] = line.split(',', 2)
    return { profileId: profileId!, probability: Number(probability), line }
  })
}

/** Same profiles, same order, probabilities within 1e-9, every other column identical. */
function expectSameScores(actual: Row[], expected: Row[]): void {
  expect(actual.length).toBe(expected.length)
  expect(new Set(actual.map((r) => r.profileId)).size).toBe(actual.length) // no profile twice
  for (let i = 0; i < expected.length; i++) {
    expect(actual[i]!.profileId).toBe(expected[i]!.profileId)
    expect(Math.abs(actual[i]!.probability - expected[i]!.probability)).toBeLessThanOrEqual(1e-9)
    expect(actual[i]!.line.slice(actual[i]!.line.indexOf(',', actual[i]!.profileId.length + 1)))
      .toBe(expected[i]!.line.slice(expected[i]!.line.indexOf(',', expected[i]!.profileId.length + 1)))
  }
}

let edge: LocalEdge
let local: Row[]
const scoreArgs = (out: string, ...extra: string[]) => ['score', '--model', modelDir, '--events', EVENTS, '--as-of', AS_OF, '--out', out, ...extra]
const queues = (endpoint: string) => ['--engine', 'queues', '--endpoint', endpoint, '--workers', '3']

beforeAll(async () => {
  execFileSync(TSX, [CLI, 'train', '--events', EVENTS, '--goal', join(ROOT, 'goals/purchase-30d.json'), '--out', modelDir, '--max-examples', '20000', '--json'],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 })
  edge = await startLocalEdge({ port: await freePort(), stateDir: join(work, 'state'), vars: { AUSPEX_JOB_FAULTS: 'on' } })
  const res = cli(scoreArgs(join(work, 'local.csv'), '--workers', '3'))
  expect(res.status, why(res)).toBe(0)
  local = rows(join(work, 'local.csv'))
  expect(local.length).toBeGreaterThan(3000)
})

afterAll(async () => {
  await edge?.stop()
  rmSync(work, { recursive: true, force: true })
})

describe('auspex score --engine queues on wrangler dev', () => {
  it('writes the scores of --engine local: same rows, same order, probabilities to 1e-9', () => {
    const res = cli(scoreArgs(join(work, 'queues.csv'), ...queues(edge.url)), { AUSPEX_TOKEN: edge.token })
    expect(res.status, why(res)).toBe(0)
    expect(res.stderr).toMatch(/job [0-9a-f-]{36} \(score\) on .*: 3 shards/)
    expectSameScores(rows(join(work, 'queues.csv')), local)
  })

  it('survives a consumer that throws once: no profile lost or duplicated', () => {
    const res = cli(scoreArgs(join(work, 'retried.csv'), ...queues(edge.url)), { AUSPEX_TOKEN: edge.token, AUSPEX_TEST_JOB_FAULTS: '{"failOnce":[1]}' })
    expect(res.status, why(res)).toBe(0)
    expectSameScores(rows(join(work, 'retried.csv')), local)
  })

  it('resumes after the CLI is killed mid-job: auspex job --out gathers the same scores and deletes the job', async () => {
    // its own process group: tsx runs the CLI in a child node, so the whole group is killed, as a crash would
    const child = spawn(TSX, [CLI, ...scoreArgs(join(work, 'killed.csv'), ...queues(edge.url))],
      { cwd: ROOT, detached: true, env: { ...process.env, AUSPEX_TOKEN: edge.token } })
    let err = ''
    const id = await new Promise<string>((done, fail) => {
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString()
        const started = /started ([0-9a-f-]{36}):/.exec(err)
        if (started) { process.kill(-child.pid!, 'SIGKILL'); done(started[1]!) }
      })
      child.once('exit', () => fail(new Error(`the CLI ended before the job started:\n${err}`)))
    })
    expect(existsSync(join(work, 'killed.csv')) ? readFileSync(join(work, 'killed.csv'), 'utf8').split('\n').length : 0).toBeLessThan(3)
    const res = cli(['job', '--endpoint', edge.url, '--id', id, '--out', join(work, 'resumed.csv'), '--json'], { AUSPEX_TOKEN: edge.token })
    expect(res.status, why(res)).toBe(0)
    expect(JSON.parse(res.stdout)).toMatchObject({ ok: true, job: id, profiles: local.length })
    expectSameScores(rows(join(work, 'resumed.csv')), local)
    const gone = cli(['job', '--endpoint', edge.url, '--id', id], { AUSPEX_TOKEN: edge.token })
    expect(gone.stderr).toMatch(/EDGE_REQUEST_FAILED: .* 404 JOB_NOT_FOUND/)
  })

  it('auspex train --engine queues builds the artifact --engine local builds from the same shards (bar its creation time)', () => {
    const train = (out: string, ...extra: string[]) => cli(['train', '--events', EVENTS, '--goal', join(ROOT, 'goals/purchase-30d.json'), '--out', out,
      '--max-examples', '20000', '--workers', '3', '--json', ...extra], { AUSPEX_TOKEN: edge.token })
    const a = train(join(work, 'trained-local'))
    expect(a.status, why(a)).toBe(0)
    const b = train(join(work, 'trained-queues'), '--engine', 'queues', '--endpoint', edge.url)
    expect(b.status, why(b)).toBe(0)
    // the export is uploaded once, with the survey; the later phases run on its shards, and the end deletes them all
    const survey = /job ([0-9a-f-]{36}) \(survey\) on .*: 3 shards\n/.exec(b.stderr)?.[1]
    expect(survey, b.stderr).toBeDefined()
    expect(b.stderr).toMatch(new RegExp(`job [0-9a-f-]{36} \\(collect\\) on .*: 3 shards \\(those of job ${survey}, uploaded once\\)`))
    expect(b.stderr).toMatch(new RegExp(`job [0-9a-f-]{36} \\(describe\\) on .*: 3 shards \\(those of job ${survey}, uploaded once\\)`))
    const after = cli(['job', '--endpoint', edge.url, '--id', survey!], { AUSPEX_TOKEN: edge.token })
    expect(after.stderr).toMatch(/404 JOB_NOT_FOUND/)
    const artifact = (dir: string) => {
      const { version: _v, createdAt: _c, hash: _h, ...rest } = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Record<string, unknown>
      return rest
    }
    expect(artifact(join(work, 'trained-queues'))).toEqual(artifact(join(work, 'trained-local')))
  })

  it('a poisoned shard, a bad token and an unreachable edge are errors with a code and a fix', async () => {
    const poisoned = cli(scoreArgs(join(work, 'x.csv'), ...queues(edge.url)), { AUSPEX_TOKEN: edge.token, AUSPEX_TEST_JOB_FAULTS: '{"failAlways":[2]}' })
    expect(poisoned.status).toBe(1)
    expect(poisoned.stderr).toMatch(/error JOB_FAILED: job [0-9a-f-]{36} failed: shard 2 failed after 3 attempts: Error: injected fault: shard 2 always fails; the job and its data are deleted/)
    const denied = cli(scoreArgs(join(work, 'x.csv'), ...queues(edge.url)), { AUSPEX_TOKEN: 'not-the-token' })
    expect(denied.status).toBe(1)
    expect(denied.stderr).toMatch(/error EDGE_UNAUTHORIZED: .* 401 .* set AUSPEX_TOKEN to the edge's publish token/)
    const down = cli(scoreArgs(join(work, 'x.csv'), ...queues(`http://127.0.0.1:${await freePort()}`)), { AUSPEX_TOKEN: edge.token })
    expect(down.status).toBe(1)
    expect(down.stderr).toMatch(/error EDGE_UNREACHABLE: .* the edge is unreachable \(ECONNREFUSED\); check --endpoint/)
  })
})
