/**
 * Cross-package: a model trained by the trainer, published with `auspex publish` to a `wrangler dev` started here,
 * scores over HTTP exactly as `auspex score` does for the same events (probability to 1e-6, same score, bucket, factors).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EDGE_DIR, startLocalEdge, type LocalEdge } from '../scripts/local-edge.ts'

const ROOT = resolve(EDGE_DIR, '..')
const TSX = join(ROOT, 'node_modules/.bin/tsx')
const CLI = join(ROOT, 'trainer/src/cli.ts')
const AS_OF = '2011-12-01T00:00:00.000Z'
const work = mkdtempSync(join(tmpdir(), 'auspex-edge-parity-'))
const modelDir = join(work, 'model')
const eventsFile = join(work, 'events.jsonl')

interface Row { profileId: string; probability: number; score: number; percentile: number; bucket: string; factors: Array<{ code: string; contribution: number }> }
interface Ev { profileId: string; timestamp: string; type: string; value: number; item: string }

/** Deterministic purchase/return histories for 8 profiles, all active in the 45 days before AS_OF. */
function makeEvents(): Ev[] {
  const out: Ev[] = []
  let seed = 7
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  for (let p = 0; p < 8; p++) {
    const n = 2 + p * 3
    for (let i = 0; i < n; i++) {
      const day = Date.UTC(2011, 5, 1) + Math.floor(rand() * 150) * 86_400_000 + Math.floor(rand() * 86_400_000)
      out.push({ profileId: `9${p}000`, timestamp: new Date(day).toISOString(), type: rand() < 0.1 ? 'return' : 'purchase', value: Math.round(rand() * 40000) / 100, item: `sku-${i % 5}` })
    }
    out.push({ profileId: `9${p}000`, timestamp: new Date(Date.UTC(2011, 10, 20 + (p % 8))).toISOString(), type: 'purchase', value: 10 + p, item: 'sku-last' })
    out.push({ profileId: `9${p}000`, timestamp: '2011-12-05T10:00:00.000Z', type: 'purchase', value: 99, item: 'after-as-of' })
  }
  return out
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      server.close(() => done(port))
    })
  })
}

function cli(args: string[], env: Record<string, string> = {}): string {
  return execFileSync(TSX, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 })
}

let edge: LocalEdge
const events = makeEvents()

beforeAll(async () => {
  writeFileSync(eventsFile, events.map((e) => JSON.stringify(e)).join('\n') + '\n')
  cli(['train', '--events', join(ROOT, 'data/online-retail/online_retail.csv.gz'), '--goal', join(ROOT, 'goals/purchase-30d.json'), '--out', modelDir, '--max-examples', '20000', '--json'])
  edge = await startLocalEdge({ port: await freePort(), stateDir: join(work, 'state') })
})

afterAll(async () => {
  await edge?.stop()
  rmSync(work, { recursive: true, force: true })
})

describe('trainer → auspex publish → wrangler dev → POST /v1/score', () => {
  it('publishes with auspex publish --activate (and re-publishing is idempotent)', () => {
    const model = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as { version: string; hash: string }
    // --force: a model of a 20 000-example sample may fall below the default floors (500/500); parity is what this checks
    const args = ['publish', '--model', modelDir, '--endpoint', edge.url, '--activate', '--force', '--json']
    const first = JSON.parse(cli(args, { AUSPEX_TOKEN: edge.token })) as { ok: boolean; uploaded: boolean; version: string }
    expect(first).toMatchObject({ ok: true, uploaded: true, version: model.version })
    const second = JSON.parse(cli(args, { AUSPEX_TOKEN: edge.token })) as { ok: boolean; uploaded: boolean }
    expect(second).toMatchObject({ ok: true, uploaded: false })
    const denied = spawnSync(TSX, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, AUSPEX_TOKEN: 'wrong' } })
    expect(denied.status).not.toBe(0)
    expect(`${denied.stdout}${denied.stderr}`).toContain('PUBLISH_UNAUTHORIZED')
  })

  it("scores over HTTP exactly as auspex score does", async () => {
    const out = join(work, 'scores.jsonl')
    cli(['score', '--model', modelDir, '--events', eventsFile, '--as-of', AS_OF, '--out', out, '--json'])
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row)
    expect(rows.length).toBe(8)
    const model = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as { version: string; hash: string }
    const served = await fetch(`${edge.url}/v1/models/purchase-30d`)
    expect(served.headers.get('etag')).toBe(`"${model.hash}"`)
    const probabilities = new Set<number>()
    for (const row of rows) {
      const mine = events.filter((e) => e.profileId === row.profileId && Date.parse(e.timestamp) < Date.parse(AS_OF))
      const res = await fetch(`${edge.url}/v1/score`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ goal: 'purchase-30d', events: mine, at: AS_OF }) })
      expect(res.status).toBe(200)
      const got = (await res.json()) as Row & { modelVersion: string }
      expect(got.modelVersion).toBe(model.version)
      expect(Math.abs(got.probability - row.probability)).toBeLessThan(1e-6)
      expect(got.score).toBe(row.score)
      expect(got.percentile).toBe(row.percentile)
      expect(got.bucket).toBe(row.bucket)
      expect(got.factors.map((f) => f.code)).toEqual(row.factors.map((f) => f.code))
      probabilities.add(Math.round(row.probability * 1e6))
    }
    expect(probabilities.size).toBeGreaterThan(1)
  })

  it('stop() leaves no wrangler or workerd process behind', async () => {
    const group = () => execFileSync('ps', ['-eo', 'pgid=,comm='], { encoding: 'utf8' }).split('\n').filter((l) => l.trim().split(/\s+/)[0] === String(edge.pid))
    expect(group().some((l) => l.includes('workerd'))).toBe(true)
    await edge.stop()
    expect(group()).toEqual([])
    await expect(fetch(`${edge.url}/v1/health`)).rejects.toThrow()
  })
})
