/**
 * Node end-to-end: `auspex score --publish-profiles` against the real local edge (`wrangler dev`, workerd), then
 * the profile routes read back what it published: the same probabilities as the scores file (to 1e-9), the same
 * factors, and — on a grant — the very feature state `auspex score` scored from. A failed publish leaves the
 * active generation as it was.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildState, loadModel, normalizeEvents, signGrant, type ModelArtifact, type ProfileView } from '@auspex/core'
import { startLocalEdge, type LocalEdge } from '../../edge/scripts/local-edge.ts'
import { fixtureResult } from '../../trainer/src/report/fixture-result.ts'
import { writeModelDir } from '../../trainer/src/commands/model-dir.ts'
import { ROOT } from './stack.ts'

const TSX = join(ROOT, 'node_modules/.bin/tsx')
const CLI = join(ROOT, 'trainer/src/cli.ts')
const AS_OF = '2011-12-01T00:00:00.000Z'
const PROFILES = 1_200
const work = mkdtempSync(join(tmpdir(), 'auspex-profiles-e2e-'))
const modelDir = join(work, 'model')
const eventsFile = join(work, 'events.jsonl')
const scoresFile = join(work, 'scores.jsonl')
const artifact = fixtureResult().artifact as ModelArtifact

interface Row { profileId: string; probability: number; score: number; percentile: number; bucket: string; factors: Array<{ code: string; contribution: number }> }

/** Purchase and return histories of PROFILES customers over 2011, some after AS_OF (which the batch must not see). */
function makeEvents(): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = []
  let seed = 11
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  for (let p = 0; p < PROFILES; p++) {
    const n = 1 + (p % 7)
    for (let i = 0; i < n; i++) {
      const t = Date.UTC(2011, 0, 1) + Math.floor(rand() * 360 * 86_400_000)
      out.push({ profileId: `c${p}`, timestamp: new Date(t).toISOString(), type: rand() < 0.15 ? 'return' : 'purchase', value: Math.round(rand() * 30000) / 100 })
    }
  }
  return out
}
const events = makeEvents()

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().once('error', fail).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })
}

/**
 * Runs `auspex score` without blocking the event loop: a `spawnSync` of more than ~5 s lets wrangler dev close the
 * idle keep-alive socket, and the next fetch then fails with "other side closed".
 */
function score(extra: string[], token: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(TSX, [CLI, 'score', '--model', modelDir, '--events', eventsFile, '--as-of', AS_OF, ...extra], {
      cwd: ROOT, env: { ...process.env, AUSPEX_TOKEN: token },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.once('error', fail).once('close', (status) => done({ status, stdout, stderr }))
  })
}

let edge: LocalEdge
const profile = (id: string, token = edge.profileToken) => fetch(`${edge.url}/v1/profiles/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${token}` } })

beforeAll(async () => {
  writeFileSync(eventsFile, events.map((e) => JSON.stringify(e)).join('\n') + '\n')
  await writeModelDir(modelDir, artifact, fixtureResult().metrics, '')
  edge = await startLocalEdge({ port: await freePort(), stateDir: join(work, 'state') })
})
afterAll(async () => {
  await edge?.stop()
  rmSync(work, { recursive: true, force: true })
})

describe('auspex score --publish-profiles → the local edge → GET /v1/profiles/:id', () => {
  let published: { generation: string; profiles: number; buckets: number }

  it('publishes every scored profile as one generation and says so in --json', async () => {
    const run = await score(['--out', scoresFile, '--publish-profiles', '--endpoint', edge.url, '--json'], edge.token)
    expect(run.status, run.stderr).toBe(0)
    const summary = JSON.parse(run.stdout) as { profiles: number; profilesPublished: typeof published }
    published = summary.profilesPublished
    expect(published.profiles).toBe(summary.profiles)
    expect(published.buckets).toBe(4) // ~1 200 eligible profiles, ~500 a bucket, a power of two
    expect(published.generation).toMatch(/\S/)
  })

  it('reads back the same probabilities (1e-9), scores, buckets and factors as the scores file', async () => {
    const rows = readFileSync(scoresFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row)
    expect(rows.length).toBe(published.profiles)
    for (const row of rows.filter((_, i) => i % 7 === 0)) {
      const res = await profile(row.profileId)
      expect(res.status).toBe(200)
      const view = (await res.json()) as ProfileView
      const goal = view.goals['purchase-30d']!
      expect(Math.abs(goal.probability - row.probability)).toBeLessThanOrEqual(1e-9)
      expect([goal.score, goal.percentile, goal.bucket, goal.modelVersion, goal.scoredAt]).toEqual([row.score, row.percentile, row.bucket, artifact.version, AS_OF])
      expect(goal.factors.map((f) => [f.code, f.contribution])).toEqual(row.factors.map((f) => [f.code, f.contribution]))
      expect(view).not.toHaveProperty('goals.purchase-30d.state')
    }
  })

  it('hands the very state scoring used to a browser with a grant, and nothing without one', async () => {
    const id = 'c42'
    const url = `${edge.url}/v1/profiles/${id}/state`
    const ok = await fetch(url, { method: 'POST', body: JSON.stringify({ grant: signGrant(edge.grantSecret, id, { ttlSeconds: 60 }) }) })
    expect(ok.status).toBe(200)
    const body = (await ok.json()) as { goals: Record<string, { state: unknown; scoredAt: string }> }
    const model = loadModel(artifact)
    const mine = normalizeEvents(events.filter((e) => e.profileId === id)).events
    expect(body.goals['purchase-30d']!.state).toEqual(JSON.parse(JSON.stringify(buildState(model.engine, mine, Date.parse(AS_OF)))))
    const other = await fetch(url, { method: 'POST', body: JSON.stringify({ grant: signGrant(edge.grantSecret, 'c43', { ttlSeconds: 60 }) }) })
    expect(other.status).toBe(401)
  })

  it('answers 404 for an unknown profile and 401 for the publish token', async () => {
    expect((await profile('nobody')).status).toBe(404)
    expect((await profile('c1', edge.token)).status).toBe(401)
  })

  it('fails a publish with the cause and the fix, and the active generation stays', async () => {
    const run = await score(['--publish-profiles', '--endpoint', edge.url], 'not-the-token')
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/PROFILES_UPLOAD_FAILED: publishing profiles failed: .*401.*set AUSPEX_TOKEN to the edge's publish token/)
    const view = (await (await profile('c7')).json()) as ProfileView
    expect(view.goals['purchase-30d']!.scoredAt).toBe(AS_OF)
    const list = await (await fetch(`${edge.url}/v1/profiles/generations`, { headers: { authorization: `Bearer ${edge.token}` } })).text()
    expect(list).toContain(published.generation)
  })
})
