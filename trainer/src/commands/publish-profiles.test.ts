import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  compileGoal, createFeatureConfig, createFeatureEngine, parseGoal, profileBucket, type Prediction, type ProfileRecord,
} from '@auspex/core'
import type { CliIo } from './io.ts'
import { openProfilePublisher, publishProfilesTarget, type ScoredProfileInput } from './publish-profiles.ts'
import { scoreCommand } from './score.ts'
import { engineFlags } from '../engine/engine-flags.ts'
import type { RetryPolicy } from './retry-policy.ts'

/**
 * The uploader against a stand-in for the edge's publish routes (the test is about the uploader: bucketing,
 * retries, aborts). The stand-in checks what the real edge checks: the token, and that every line of a bucket
 * belongs to it. Faults are injected per request.
 */
const TOKEN = 'publish-token'
let server: Server
let endpoint = ''
interface Generation { buckets: number; plan: Record<string, unknown>; stored: Map<number, ProfileRecord[]>; committed: boolean; deleted: boolean }
const generations = new Map<string, Generation>()
let requests: string[] = []
/** Answers a request instead of the stand-in when it returns a status (or 'drop' to cut the connection). */
let fault: (method: string, url: string, n: number) => number | 'drop' | undefined = () => undefined

let next = 0
beforeAll(async () => {
  server = createServer(async (req, res) => {
    let text = ''
    for await (const chunk of req) text += chunk
    const method = req.method!
    const url = req.url!
    requests.push(`${method} ${url}`)
    const send = (status: number, value: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(value)) }
    const injected = fault(method, url, requests.length)
    if (injected === 'drop') return req.socket.destroy()
    if (injected !== undefined) return send(injected, { error: { code: 'INJECTED', message: `injected ${injected}` } })
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { error: { code: 'UNAUTHORIZED', message: 'missing or wrong token' } })
    if (method === 'POST' && url === '/v1/profiles/generations') {
      const plan = JSON.parse(text) as { buckets: number }
      const id = `g${++next}`
      generations.set(id, { buckets: plan.buckets, plan, stored: new Map(), committed: false, deleted: false })
      return send(201, { generation: id, buckets: plan.buckets })
    }
    const m = /^\/v1\/profiles\/generations\/([^/]+)(?:\/buckets\/(\d+)|\/(commit))?$/.exec(url)
    const g = m ? generations.get(m[1]!) : undefined
    if (!m || !g) return send(404, { error: { code: 'NOT_FOUND', message: url } })
    if (method === 'PUT' && m[2] !== undefined) {
      const bucket = Number(m[2])
      const records = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as ProfileRecord)
      const stray = records.findIndex((r) => profileBucket(r.profileId, g.buckets) !== bucket)
      if (stray >= 0) return send(400, { error: { code: 'WRONG_BUCKET', message: `line ${stray + 1} belongs to another bucket` } })
      g.stored.set(bucket, records)
      return send(200, { bucket, records: records.length })
    }
    if (method === 'POST' && m[3] === 'commit') {
      const missing = Array.from({ length: g.buckets }, (_, b) => b).filter((b) => !g.stored.has(b))
      if (missing.length > 0) return send(409, { error: { code: 'GENERATION_INCOMPLETE', message: `missing buckets ${missing.join(', ')}` } })
      g.committed = true
      return send(200, { generation: m[1], profiles: [...g.stored.values()].reduce((n, r) => n + r.length, 0), previous: null })
    }
    if (method === 'DELETE') { g.deleted = true; res.writeHead(204); return res.end() }
    send(405, { error: { code: 'METHOD', message: method } })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => { await new Promise((r) => server.close(r)) })
beforeEach(() => { requests = []; fault = () => undefined; generations.clear(); next = 0 })

function memoryIo(env: Record<string, string> = { AUSPEX_TOKEN: TOKEN }): CliIo & { err: string } {
  const io = { err: '', env, fetch: globalThis.fetch, stdout: () => {} } as unknown as CliIo & { err: string }
  io.stderr = (t) => { io.err += t }
  return io
}

const goal = compileGoal(parseGoal({ name: 'purchase-30d', propensity: 'conversion', outcome: { anyOf: [{ type: 'purchase' }] }, window: '30d' }))
const engine = createFeatureEngine(goal, createFeatureConfig({ eventTypes: ['pageView', 'purchase'] }))
const AS_OF = Date.UTC(2011, 8, 1)

function scored(i: number): ScoredProfileInput {
  const state = engine.init()
  engine.update(state, { profileId: `c${i}`, timestamp: AS_OF - (i % 40) * 3_600_000, type: i % 3 === 0 ? 'purchase' : 'pageView', value: i })
  const prediction: Prediction = {
    probability: i / 10_000, score: i % 100, percentile: 1 + (i % 100), bucket: 'low', goal: goal.name, modelVersion: 'v1', eligible: true,
    factors: [{ code: 'days_since_purchase', label: 'Last purchase today', value: 0, contribution: 0.25, importance: 'high', direction: 'up' }],
  }
  return { profileId: `c${i}`, predictions: { [goal.name]: prediction }, states: { [goal.name]: state } }
}

/** Retries without waiting (the backoff's length is not what these tests are about). */
const noWait: RetryPolicy = { attempts: 4, baseMs: 1, maxMs: 1, sleep: async () => {} }

async function publish(n: number, io = memoryIo(), retry = noWait) {
  const progress: number[] = []
  const publisher = await openProfilePublisher({
    io, target: { endpoint, token: TOKEN }, goals: { [goal.name]: 'v1' }, asOf: AS_OF, retry,
    onProgress: (p) => progress.push(p.done),
  })
  for (let i = 0; i < n; i++) await publisher.add(scored(i), i % 2 === 0 ? ['vip', 'engaged'] : [])
  return { publisher, progress, io }
}

describe('auspex score --publish-profiles: the uploader', () => {
  it('uploads every record once, in the bucket profileBucket names, ~500 a bucket, and commits', async () => {
    const { publisher, progress } = await publish(2_300)
    const result = await publisher.finish()
    expect(result).toMatchObject({ generation: 'g1', profiles: 2_300, buckets: 8, previous: null })
    const g = generations.get('g1')!
    expect(g.plan).toEqual({ buckets: 8, goals: { 'purchase-30d': 'v1' }, scoredAt: '2011-09-01T00:00:00.000Z', profiles: 2_300 })
    expect(g.committed).toBe(true)
    const records = [...g.stored.values()].flat()
    expect(records.map((r) => r.profileId).sort()).toEqual(Array.from({ length: 2_300 }, (_, i) => `c${i}`).sort())
    for (const size of [...g.stored.values()].map((r) => r.length)) expect(size).toBeLessThan(500)
    expect(progress.at(-1)).toBe(8)
    expect(requests.at(-1)).toBe('POST /v1/profiles/generations/g1/commit')
    const c4 = records.find((r) => r.profileId === 'c4')!
    expect(c4).toEqual({ v: 1, profileId: 'c4', segments: ['engaged', 'vip'], goals: { 'purchase-30d': { ...scored(4).predictions['purchase-30d']!, goal: undefined, eligible: undefined, scoredAt: '2011-09-01T00:00:00.000Z', state: scored(4).states['purchase-30d'] } } })
  })

  it('retries a bucket after 5xx answers and a dropped connection, then succeeds', async () => {
    let failures = 0
    fault = (method, url) => (method === 'PUT' && url.endsWith('/buckets/1') && failures++ < 3 ? (failures === 2 ? 'drop' : 503) : undefined)
    const { publisher, io } = await publish(600)
    const result = await publisher.finish()
    expect(result.buckets).toBe(2)
    expect(generations.get(result.generation)!.committed).toBe(true)
    expect(requests.filter((r) => r.endsWith('/buckets/1'))).toHaveLength(4)
    expect(io.err.match(/retrying PUT .*\/buckets\/1/g)).toHaveLength(3)
  })

  it('aborts the generation and names the cause and the fix when a bucket is refused', async () => {
    fault = (method, url) => (method === 'PUT' && url.endsWith('/buckets/3') ? 400 : undefined)
    const { publisher } = await publish(1_800)
    const failure = publisher.finish()
    await expect(failure).rejects.toMatchObject({ code: 'PROFILES_UPLOAD_FAILED' })
    await expect(failure).rejects.toThrow(/PUT .*\/buckets\/3: 400 INJECTED: injected 400; generation g1 was aborted \(the edge still serves its previous generation\); fix the cause, then re-run auspex score --publish-profiles/)
    expect(generations.get('g1')).toMatchObject({ committed: false, deleted: true })
    expect(requests.filter((r) => r.endsWith('/buckets/3'))).toHaveLength(1) // a 4xx is not retried
    expect(requests).not.toContain('POST /v1/profiles/generations/g1/commit')
  })

  it('aborts when the edge keeps failing after every retry', async () => {
    fault = (method, url) => (method === 'PUT' && url.endsWith('/buckets/0') ? 502 : undefined)
    const { publisher } = await publish(300)
    await expect(publisher.finish()).rejects.toThrow(/PUT .*\/buckets\/0: 502 .*generation g1 was aborted/)
    expect(requests.filter((r) => r.endsWith('/buckets/0'))).toHaveLength(noWait.attempts)
    expect(generations.get('g1')).toMatchObject({ committed: false, deleted: true })
  })

  it('refuses a wrong token with the fix, and an incomplete commit aborts', async () => {
    const wrong = await openProfilePublisher({ io: memoryIo(), target: { endpoint, token: 'nope' }, goals: { [goal.name]: 'v1' }, asOf: AS_OF, retry: noWait })
    await wrong.add(scored(1))
    await expect(wrong.finish()).rejects.toThrow(/401 .*nothing was created on the edge; set AUSPEX_TOKEN to the edge's publish token/)
    fault = (method, url) => (method === 'POST' && url.endsWith('/commit') ? 409 : undefined)
    const { publisher } = await publish(10)
    await expect(publisher.finish()).rejects.toThrow(/commit: 409 .*generation g1 was aborted/)
  })

  it('spools to disk and removes the spool, whatever happens', async () => {
    const before = (await readdir(tmpdir())).filter((f) => f.startsWith('auspex-profiles-')).length
    const { publisher } = await publish(50)
    expect((await readdir(tmpdir())).filter((f) => f.startsWith('auspex-profiles-')).length).toBe(before + 1)
    fault = () => 500
    await expect(publisher.finish()).rejects.toThrow(/PROFILES_UPLOAD_FAILED|publishing profiles failed/)
    expect((await readdir(tmpdir())).filter((f) => f.startsWith('auspex-profiles-')).length).toBe(before)
  })
})

describe('auspex score --publish-profiles: flags', () => {
  const flags = (extra: Record<string, unknown>) => ({ 'publish-profiles': true, endpoint: 'http://localhost:8787', ...extra })
  it('needs the token and an endpoint, and refuses plain http to another machine', () => {
    expect(publishProfilesTarget(flags({}), memoryIo())).toEqual({ endpoint: 'http://localhost:8787', token: TOKEN })
    expect(() => publishProfilesTarget(flags({}), memoryIo({}))).toThrow(/AUSPEX_TOKEN is not set/)
    expect(() => publishProfilesTarget(flags({ endpoint: undefined }), memoryIo())).toThrow(/needs --endpoint URL/)
    expect(() => publishProfilesTarget(flags({ endpoint: 'http://edge.example.com' }), memoryIo())).toThrow(/plain http to another machine.*--allow-insecure-http/)
    const io = memoryIo()
    expect(publishProfilesTarget(flags({ endpoint: 'http://edge.example.com', 'allow-insecure-http': true }), io)?.endpoint).toBe('http://edge.example.com')
    expect(io.err).toMatch(/warning: sending AUSPEX_TOKEN over plain http/)
    expect(() => publishProfilesTarget({ endpoint: 'https://x.example' }, memoryIo())).toThrow(/--endpoint only applies with --publish-profiles/)
    expect(publishProfilesTarget({}, memoryIo())).toBeUndefined()
  })

  it('shares --endpoint with --engine queues, and refuses the two together', async () => {
    expect(publishProfilesTarget({ engine: 'queues', endpoint: 'https://x.example' }, memoryIo())).toBeUndefined()
    expect(engineFlags('score', flags({})).engine).toBe('local')
    expect(() => engineFlags('score', { endpoint: 'https://x.example' })).toThrow(/--endpoint goes with --engine queues/)
    const run = scoreCommand(['--model', 'm', '--events', 'e.csv', '--publish-profiles', '--endpoint', 'http://localhost:8787', '--engine', 'queues'], memoryIo(),
      () => Promise.reject(new Error('not reached')))
    await expect(run).rejects.toThrow(/--publish-profiles scores on this machine.*drop --engine queues/)
  })
})
