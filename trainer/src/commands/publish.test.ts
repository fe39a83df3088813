import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fixtureResult } from '../report/fixture-result.ts'
import type { CliIo } from './io.ts'
import { writeModelDir } from './model-dir.ts'
import { runCli } from './run-cli.ts'

interface Seen { method: string; url: string; auth: string | undefined; body: string }

/** A tiny stand-in for the edge: stores versions, answers 409 for existing ones, checks the token. */
let server: Server
let endpoint = ''
let seen: Seen[] = []
const stored = new Map<string, string>()
let active: string | undefined
const TOKEN = 'secret-token'

async function body(req: IncomingMessage): Promise<string> {
  let text = ''
  for await (const chunk of req) text += chunk
  return text
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const text = await body(req)
    seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body: text })
    const send = (status: number, value: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(value)) }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { error: { code: 'UNAUTHORIZED', message: 'bad token' } })
    const version = /^\/v1\/models\/([^/]+)\/versions\/([^/]+)$/.exec(req.url!)
    if (version && req.method === 'PUT') {
      const artifact = JSON.parse(text)
      if (artifact.model?.terms === undefined) return send(422, { error: { code: 'INVALID_MODEL', message: 'model.terms missing' } })
      if (stored.has(req.url!)) return send(409, { error: { code: 'VERSION_EXISTS', message: 'exists' } })
      stored.set(req.url!, text)
      return send(201, { ok: true })
    }
    if (version && req.method === 'GET') return stored.has(req.url!) ? send(200, JSON.parse(stored.get(req.url!)!)) : send(404, { error: { code: 'NOT_FOUND', message: 'no' } })
    if (/^\/v1\/models\/[^/]+\/active$/.test(req.url!) && req.method === 'POST') { active = JSON.parse(text).version; return send(200, { ok: true }) }
    send(404, { error: { code: 'NOT_FOUND', message: 'no route' } })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => { await new Promise((r) => server.close(r)) })
beforeEach(() => { seen = [] })

let tmp = ''
beforeAll(async () => { tmp = await mkdtemp(join(tmpdir(), 'auspex-publish-test-')) })
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

function io(env: Record<string, string> = { AUSPEX_TOKEN: TOKEN }): CliIo & { out: string; err: string } {
  const x = { out: '', err: '', env, fetch: globalThis.fetch } as CliIo & { out: string; err: string }
  x.stdout = (t) => { x.out += t }
  x.stderr = (t) => { x.err += t }
  return x
}

async function modelDir(name: string, mutate?: (a: Record<string, unknown>) => void): Promise<{ dir: string; version: string; hash: string }> {
  const r = fixtureResult()
  const artifact = structuredClone(r.artifact) as unknown as Record<string, unknown>
  mutate?.(artifact)
  const dir = join(tmp, name)
  await writeModelDir(dir, artifact as never, r.metrics, '')
  return { dir, version: r.artifact.version, hash: r.artifact.hash }
}

describe('auspex publish', () => {
  it('PUTs the artifact with the bearer token, then activates it', async () => {
    const { dir, version, hash } = await modelDir('m1')
    const x = io()
    expect(await runCli(['publish', '--model', dir, '--endpoint', endpoint + '/', '--activate', '--json'], x)).toBe(0)
    expect(seen.map((s) => [s.method, s.url, s.auth])).toEqual([
      ['PUT', `/v1/models/purchase-30d/versions/${version}`, `Bearer ${TOKEN}`],
      ['POST', '/v1/models/purchase-30d/active', `Bearer ${TOKEN}`],
    ])
    expect(JSON.parse(seen[0]!.body).hash).toBe(hash)
    expect(JSON.parse(seen[1]!.body)).toEqual({ version })
    expect(active).toBe(version)
    expect(JSON.parse(x.out)).toEqual({ ok: true, goal: 'purchase-30d', version, hash, uploaded: true, activated: true })
  })

  it('re-publishing the same content is fine (409 with a matching hash)', async () => {
    const { dir } = await modelDir('m1')
    const x = io()
    expect(await runCli(['publish', '--model', dir, '--endpoint', endpoint], x)).toBe(0)
    expect(seen.map((s) => s.method)).toEqual(['PUT', 'GET'])
    expect(x.out).toMatch(/^already published purchase-30d/)
  })

  it('reports 401 as unauthorized with the fix, and a missing token before any request', async () => {
    const { dir } = await modelDir('m1')
    const x = io({ AUSPEX_TOKEN: 'wrong' })
    expect(await runCli(['publish', '--model', dir, '--endpoint', endpoint], x)).toBe(1)
    expect(x.err).toMatch(/PUBLISH_UNAUTHORIZED: PUT .* 401 \(UNAUTHORIZED: bad token\); set AUSPEX_TOKEN/)
    seen = []
    const y = io({})
    expect(await runCli(['publish', '--model', dir, '--endpoint', endpoint], y)).toBe(2)
    expect(y.err).toMatch(/AUSPEX_TOKEN is not set/)
    expect(seen).toEqual([])
  })

  it("passes on the edge's error code and message for other 4xx", async () => {
    const x = io()
    const fakeFetch: typeof fetch = async () => new Response(JSON.stringify({ error: { code: 'INVALID_MODEL', message: 'percentiles: expected 99 values' } }), { status: 422 })
    x.fetch = fakeFetch
    const { dir } = await modelDir('m1')
    expect(await runCli(['publish', '--model', dir, '--endpoint', endpoint], x)).toBe(1)
    expect(x.err).toMatch(/PUBLISH_FAILED: PUT .* 422 INVALID_MODEL: percentiles: expected 99 values/)
  })

  it('refuses a 409 when the stored version has other content', async () => {
    const x = io()
    const methods: string[] = []
    x.fetch = (async (_url: string, init?: RequestInit) => {
      methods.push(init!.method!)
      return init!.method === 'PUT' ? new Response('{}', { status: 409 }) : new Response(JSON.stringify({ hash: 'sha256-other' }), { status: 200 })
    }) as typeof fetch
    const { dir } = await modelDir('m1')
    expect(await runCli(['publish', '--model', dir, '--endpoint', endpoint, '--activate'], x)).toBe(1)
    expect(x.err).toMatch(/PUBLISH_CONFLICT: .*already exists with different content/)
    expect(methods).toEqual(['PUT', 'GET'])
  })

  it('refuses an artifact that fails validation, without any request', async () => {
    const { dir } = await modelDir('bad', (a) => { a.hash = 'sha256-0000' })
    const x = io()
    expect(await runCli(['publish', '--model', dir, '--endpoint', endpoint], x)).toBe(1)
    expect(x.err).toMatch(/hash/i)
    expect(seen).toEqual([])
  })

  it('reports an unreachable endpoint', async () => {
    const { dir } = await modelDir('m1')
    const x = io()
    expect(await runCli(['publish', '--model', dir, '--endpoint', 'http://127.0.0.1:9'], x)).toBe(1)
    expect(x.err).toMatch(/PUBLISH_UNREACHABLE: PUT http:\/\/127\.0\.0\.1:9\/v1\/models\/purchase-30d\/versions\/.* unreachable .*check --endpoint/)
  })
})

describe('auspex publish --activate: the quality gate', () => {
  const policy = { minAuc: 0.65, minPositives: 500, minNegatives: 500 }
  const below = { auc: 0.58, positives: 157, negatives: 2490, policy, passed: false, failures: ['hold-out AUC 0.58 < 0.65', 'positives 157 < 500 (test-split examples)'] }
  const refusal = { error: { code: 'QUALITY_GATE', message: 'version v of goal purchase-30d does not meet the quality floor: hold-out AUC 0.58 < 0.65; positives 157 < 500 (test-split examples). Activate it anyway with "force": true (auspex publish --activate --force), or set this goal\'s floors with PUT /v1/models/purchase-30d/policy', checked: below } }

  /** A fetch like the edge's: the upload answers `checked`; the activation refuses below the floor unless forced. */
  function gateIo(): { x: ReturnType<typeof io>; posts: unknown[] } {
    const x = io()
    const posts: unknown[] = []
    x.fetch = (async (_url: string, init?: RequestInit) => {
      if (init!.method === 'PUT') return new Response(JSON.stringify({ ok: true, checked: below }), { status: 201 })
      const body = JSON.parse(String(init!.body)) as { version: string; force?: boolean }
      posts.push(body)
      if (body.force !== true) return new Response(JSON.stringify(refusal), { status: 422 })
      return new Response(JSON.stringify({ active: body.version, checked: below, forced: true }), { status: 200 })
    }) as typeof fetch
    return { x, posts }
  }

  it("a refused activation prints the edge's QUALITY_GATE message and exits 1", async () => {
    const { dir, version } = await modelDir('m1')
    const { x, posts } = gateIo()
    expect(await runCli(['publish', '--model', dir, '--endpoint', endpoint, '--activate'], x)).toBe(1)
    expect(posts).toEqual([{ version }])
    expect(x.err).toContain('error QUALITY_GATE: POST ')
    expect(x.err).toContain('hold-out AUC 0.58 < 0.65; positives 157 < 500')
    expect(x.err).toContain('--force')
    expect(x.err).toContain('the version is uploaded; the active model is unchanged')
    const j = gateIo()
    expect(await runCli(['publish', '--model', dir, '--endpoint', endpoint, '--activate', '--json'], j.x)).toBe(1)
    expect(JSON.parse(j.x.out)).toMatchObject({ ok: false, error: { code: 'QUALITY_GATE' } })
  })

  it('--force sends "force": true, and prints the figures it overrode', async () => {
    const { dir, version } = await modelDir('m1')
    const { x, posts } = gateIo()
    expect(await runCli(['publish', '--model', dir, '--endpoint', endpoint, '--activate', '--force'], x)).toBe(0)
    expect(posts).toEqual([{ version, force: true }])
    expect(x.out).toContain('activated it')
    expect(x.out).toContain('quality gate: AUC 0.580 (floor 0.65), positives 157 (floor 500), negatives 2490 (floor 500): below the floor, activated with --force')
    const j = gateIo()
    expect(await runCli(['publish', '--model', dir, '--endpoint', endpoint, '--activate', '--force', '--json'], j.x)).toBe(0)
    expect(JSON.parse(j.x.out)).toMatchObject({ ok: true, activated: true, forced: true, checked: below })
  })

  it('without --activate it uploads and says an activation would be refused', async () => {
    const { dir } = await modelDir('m1')
    const { x, posts } = gateIo()
    expect(await runCli(['publish', '--model', dir, '--endpoint', endpoint], x)).toBe(0)
    expect(posts).toEqual([])
    expect(x.out).toContain('an activation would be refused (hold-out AUC 0.58 < 0.65; positives 157 < 500 (test-split examples))')
  })

  it('prints the figures of an activation that passes', async () => {
    const { dir } = await modelDir('m1')
    const x = io()
    const passed = { ...below, auc: 0.92, positives: 600, passed: true, failures: [] }
    x.fetch = (async (_url: string, init?: RequestInit) => new Response(JSON.stringify({ checked: passed, forced: false }), { status: init!.method === 'PUT' ? 201 : 200 })) as typeof fetch
    expect(await runCli(['publish', '--model', dir, '--endpoint', endpoint, '--activate'], x)).toBe(0)
    expect(x.out).toContain('quality gate: AUC 0.920 (floor 0.65), positives 600 (floor 500), negatives 2490 (floor 500): passed')
  })

  it('--force without --activate is a usage error, before any request', async () => {
    const { dir } = await modelDir('m1')
    const { x, posts } = gateIo()
    expect(await runCli(['publish', '--model', dir, '--endpoint', endpoint, '--force'], x)).toBe(2)
    expect(x.err).toContain('--force only applies to --activate')
    expect(posts).toEqual([])
  })
})

describe('auspex publish: the token never goes over plain http to another machine', () => {
  /** A fetch that records the URLs and authorization headers it was given and answers like the edge. */
  function recordingIo(): { x: ReturnType<typeof io>; calls: Array<{ url: string; auth: string | null }> } {
    const x = io()
    const calls: Array<{ url: string; auth: string | null }> = []
    x.fetch = (async (url: string, init?: RequestInit) => {
      calls.push({ url, auth: new Headers(init?.headers).get('authorization') })
      return new Response(JSON.stringify({ ok: true }), { status: 201 })
    }) as typeof fetch
    return { x, calls }
  }

  it.each(['http://edge.example.com:8787', 'http://192.168.1.20:8787/', 'http://127.0.0.1.evil.example', 'http://localhost.evil.example:8787'])(
    'refuses %s before any request, naming the endpoint and --allow-insecure-http', async (url) => {
      const { dir } = await modelDir('m1')
      const { x, calls } = recordingIo()
      expect(await runCli(['publish', '--model', dir, '--endpoint', url], x)).toBe(2)
      expect(x.err).toContain(`--endpoint ${url} is plain http to another machine`)
      expect(x.err).toContain('--allow-insecure-http')
      expect(calls).toEqual([])
    })

  it.each(['http://localhost:8787', 'http://127.0.0.1:8787', 'http://127.8.9.10:8787', 'http://[::1]:8787', 'https://edge.example.com'])(
    'sends to %s without the flag', async (url) => {
      const { dir } = await modelDir('m1')
      const { x, calls } = recordingIo()
      expect(await runCli(['publish', '--model', dir, '--endpoint', url], x)).toBe(0)
      expect(calls).toHaveLength(1)
      expect(calls[0]!.url.startsWith(url)).toBe(true)
      expect(calls[0]!.auth).toBe(`Bearer ${TOKEN}`)
      expect(x.err).toBe('')
    })

  it('--allow-insecure-http sends to a plain-http host, with a warning', async () => {
    const { dir } = await modelDir('m1')
    const { x, calls } = recordingIo()
    expect(await runCli(['publish', '--model', dir, '--endpoint', 'http://edge.internal:8787', '--allow-insecure-http'], x)).toBe(0)
    expect(calls.map((c) => c.url)).toEqual([expect.stringMatching(/^http:\/\/edge\.internal:8787\/v1\/models\/purchase-30d\/versions\//)])
    expect(x.err).toContain('warning: sending AUSPEX_TOKEN over plain http to edge.internal:8787')
  })

  it('still refuses what is not an http(s) URL', async () => {
    const { dir } = await modelDir('m1')
    const { x, calls } = recordingIo()
    expect(await runCli(['publish', '--model', dir, '--endpoint', 'ftp://edge.example.com', '--allow-insecure-http'], x)).toBe(2)
    expect(x.err).toContain('expected an http(s) URL')
    expect(calls).toEqual([])
  })
})
