import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuspexError, compileSegments } from '@auspex/core'
import { fixtureResult } from '../report/fixture-result.ts'
import type { CliIo } from './io.ts'
import { writeModelDir } from './model-dir.ts'
import { runCli } from './run-cli.ts'

const SEGMENTS = resolve(import.meta.dirname, '../../../goals/segments.json')
const TOKEN = 'secret-token'
const ENDPOINT = 'https://edge.test'
interface Seen { method: string; url: string; auth: string | null; body: string }

/** An injected fetch that behaves like the edge's segment route: token, validation with the JSON path, content versions. */
function fakeEdge(): { fetch: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = []
  const versions = new Set<string>()
  const send = (status: number, value: unknown) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } })
  const f = async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input), method = init?.method ?? 'GET', body = String(init?.body ?? '')
    const auth = new Headers(init?.headers).get('authorization')
    seen.push({ method, url, auth, body })
    if (auth !== `Bearer ${TOKEN}`) return send(401, { error: { code: 'UNAUTHORIZED', message: 'bad token' } })
    if (url.endsWith('/v1/segments') && method === 'PUT') {
      const segments = JSON.parse(body).segments
      try { compileSegments(segments) } catch (e) { return send(400, { error: { code: (e as AuspexError).code, message: `segments${(e as AuspexError).message}` } }) }
      const version = `seg-${Buffer.from(body).toString('hex').slice(-16)}`
      const created = !versions.has(version)
      versions.add(version)
      return send(created ? 201 : 200, { version, count: segments.length })
    }
    if (/\/v1\/models\/[^/]+\/versions\//.test(url) && method === 'PUT') return send(201, { ok: true })
    return send(404, { error: { code: 'NOT_FOUND', message: 'no route' } })
  }
  return { fetch: f as typeof fetch, seen }
}

function io(edge: { fetch: typeof fetch }, env: Record<string, string> = { AUSPEX_TOKEN: TOKEN }): CliIo & { out: string; err: string } {
  const x = { out: '', err: '', env, fetch: edge.fetch } as CliIo & { out: string; err: string }
  x.stdout = (t) => { x.out += t }
  x.stderr = (t) => { x.err += t }
  return x
}

let tmp = ''
beforeAll(async () => { tmp = await mkdtemp(join(tmpdir(), 'auspex-publish-segments-')) })
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

describe('auspex publish --segments', () => {
  it('PUTs { segments } with the bearer token; the same set again answers 200 (already published)', async () => {
    const edge = fakeEdge()
    const x = io(edge)
    expect(await runCli(['publish', '--segments', SEGMENTS, '--endpoint', ENDPOINT + '/', '--json'], x)).toBe(0)
    expect(edge.seen.map((s) => [s.method, s.url, s.auth])).toEqual([['PUT', `${ENDPOINT}/v1/segments`, `Bearer ${TOKEN}`]])
    const rules = JSON.parse(await readFile(SEGMENTS, 'utf8'))
    expect(JSON.parse(edge.seen[0]!.body)).toEqual({ segments: rules })
    const doc = JSON.parse(x.out)
    expect(doc).toEqual({ ok: true, segments: { version: expect.stringMatching(/^seg-/), count: rules.length, created: true } })
    const y = io(edge)
    expect(await runCli(['publish', '--segments', SEGMENTS, '--endpoint', ENDPOINT], y)).toBe(0)
    expect(y.out).toBe(`already published ${rules.length} segment rules as ${doc.segments.version} (active)\n`)
  })

  it('publishes the model first, then the segments', async () => {
    const edge = fakeEdge()
    const r = fixtureResult()
    const dir = join(tmp, 'model')
    await writeModelDir(dir, r.artifact, r.metrics, '')
    const x = io(edge)
    expect(await runCli(['publish', '--model', dir, '--segments', SEGMENTS, '--endpoint', ENDPOINT, '--json'], x)).toBe(0)
    expect(edge.seen.map((s) => s.url)).toEqual([`${ENDPOINT}/v1/models/purchase-30d/versions/${r.artifact.version}`, `${ENDPOINT}/v1/segments`])
    expect(JSON.parse(x.out)).toMatchObject({ ok: true, goal: 'purchase-30d', version: r.artifact.version, segments: { count: 3 } })
  })

  it('validates locally with core before any request, naming the file and the JSON path', async () => {
    const bad = join(tmp, 'bad.json')
    await writeFile(bad, JSON.stringify([{ name: 'a', goal: 'g' }, { name: 'b', all: [{ goal: 'g', bucket: 'hot' }] }]))
    const edge = fakeEdge()
    const x = io(edge)
    expect(await runCli(['publish', '--segments', bad, '--endpoint', ENDPOINT], x)).toBe(1)
    expect(x.err).toMatch(/INVALID_SEGMENT: --segments .*bad\.json: \[1\]\.all\[0\]\.bucket: expected one of low, medium, high/)
    expect(edge.seen).toEqual([])
  })

  it("passes on the edge's 400 (with its JSON path) and 401 with the fix", async () => {
    const edge = fakeEdge()
    const x = io({ fetch: (async () => new Response(JSON.stringify({ error: { code: 'INVALID_SEGMENT', message: 'segments[0].goal: expected the name of a goal' } }), { status: 400 })) as typeof fetch })
    expect(await runCli(['publish', '--segments', SEGMENTS, '--endpoint', ENDPOINT], x)).toBe(1)
    expect(x.err).toMatch(/PUBLISH_FAILED: PUT https:\/\/edge\.test\/v1\/segments: 400 INVALID_SEGMENT: segments\[0\]\.goal: expected/)
    const y = io(edge, { AUSPEX_TOKEN: 'wrong' })
    expect(await runCli(['publish', '--segments', SEGMENTS, '--endpoint', ENDPOINT], y)).toBe(1)
    expect(y.err).toMatch(/PUBLISH_UNAUTHORIZED: PUT .*\/v1\/segments: 401 \(UNAUTHORIZED: bad token\); set AUSPEX_TOKEN/)
  })

  it('refuses a reply without { version, count }, and needs --model or --segments', async () => {
    const x = io({ fetch: (async () => new Response('<html>hello</html>', { status: 200 })) as typeof fetch })
    expect(await runCli(['publish', '--segments', SEGMENTS, '--endpoint', ENDPOINT], x)).toBe(1)
    expect(x.err).toMatch(/PUBLISH_FAILED: PUT .*: 200 without \{ version, count \}/)
    const y = io(fakeEdge())
    expect(await runCli(['publish', '--endpoint', ENDPOINT], y)).toBe(2)
    expect(y.err).toMatch(/give --model DIR, --segments FILE or both/)
    const z = io(fakeEdge())
    expect(await runCli(['publish', '--segments', SEGMENTS, '--activate', '--endpoint', ENDPOINT], z)).toBe(2)
    expect(z.err).toMatch(/--activate needs --model/)
  })
})
