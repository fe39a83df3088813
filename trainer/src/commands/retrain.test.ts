import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ModelArtifact } from '@auspex/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { behaviourShiftCase, type ShiftCase } from '../cases/behaviour-shift.ts'
import { DAY } from '../cases/case-types.ts'
import { memorySource } from '../model/memory-source.ts'
import { train } from '../model/train.ts'
import type { CliIo } from './io.ts'
import { runCli } from './run-cli.ts'

const TOKEN = 'publish-token'
const ENDPOINT = 'http://127.0.0.1:8787'

/** An in-process stand-in for the edge's model registry, behind `io.fetch`. */
function fakeEdge(active?: ModelArtifact) {
  const versions = new Map<string, ModelArtifact>(active ? [[active.version, active]] : [])
  const state = { active: active?.version, requests: [] as Array<{ method: string; path: string; body?: unknown }> }
  const json = (status: number, value: unknown) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } })
  const fetch = (async (input: string, init?: RequestInit) => {
    const path = new URL(input).pathname
    const method = init?.method ?? 'GET'
    const body = init?.body === undefined ? undefined : JSON.parse(String(init.body)) as unknown
    state.requests.push({ method, path, ...(body === undefined ? {} : { body }) })
    if (method === 'GET' && /^\/v1\/models\/[^/]+$/.test(path)) {
      const a = state.active === undefined ? undefined : versions.get(state.active)
      return a ? json(200, a) : json(404, { error: { code: 'NO_ACTIVE_MODEL', message: 'goal has no active model' } })
    }
    if ((init?.headers as Record<string, string>).authorization !== `Bearer ${TOKEN}`) return json(401, { error: { code: 'UNAUTHORIZED', message: 'bad token' } })
    if (method === 'PUT') {
      const a = body as ModelArtifact
      versions.set(a.version, a)
      return json(201, { ok: true })
    }
    if (method === 'POST' && path.endsWith('/active')) {
      state.active = (body as { version: string }).version
      return json(200, { active: state.active })
    }
    return json(404, { error: { code: 'NOT_FOUND', message: 'no route' } })
  }) as typeof globalThis.fetch
  return { state, fetch }
}

function testIo(fetch: typeof globalThis.fetch, env: Record<string, string> = { AUSPEX_TOKEN: TOKEN }) {
  const io = { out: '', err: '', env, fetch } as CliIo & { out: string; err: string }
  io.stdout = (t) => { io.out += t }
  io.stderr = (t) => { io.err += t }
  return io
}

let tmp = ''
interface Data { data: ShiftCase; file: string; champion: ModelArtifact }
let shifted: Data
let shiftedBack: Data

/** Writes the events as JSON Lines and trains the champion on the first 60 days (an `x` world). */
async function prepare(name: string, data: ShiftCase): Promise<Data> {
  const file = join(tmp, `${name}.jsonl`)
  await writeFile(file, data.events.map((e) => JSON.stringify({ ...e, timestamp: new Date(e.timestamp).toISOString() })).join('\n') + '\n')
  const r = await train(memorySource(data.events), data.goal, { seed: 1, maxExamples: 6000, before: data.start + 60 * DAY })
  return { data, file, champion: r.artifact }
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'auspex-retrain-test-'))
  // x drives buying for 60 days, then y does: the champion is stale
  shifted = await prepare('shifted', behaviourShiftCase([{ fromDay: 0, driver: 'x' }, { fromDay: 60, driver: 'y' }], 180))
  // x, then y, then x again in the last month: a challenger trained mostly on the y period is worse
  shiftedBack = await prepare('back', behaviourShiftCase([{ fromDay: 0, driver: 'x' }, { fromDay: 60, driver: 'y' }, { fromDay: 150, driver: 'x' }], 180))
}, 120_000)
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

async function goalFile(d: Data): Promise<string> {
  const path = join(tmp, `${d.data.goal.name}.json`)
  await writeFile(path, JSON.stringify(d.data.goal))
  return path
}

async function retrain(d: Data, io: CliIo, ...extra: string[]): Promise<number> {
  return runCli(['retrain', '--events', d.file, '--goal', await goalFile(d), '--endpoint', ENDPOINT, '--max-examples', '6000', ...extra], io)
}

const lastPlusOne = (d: Data) => Math.max(...d.data.events.map((e) => e.timestamp)) + 1

describe('auspex retrain', () => {
  it('replaces a stale champion: challenger better on the latest window, the all-data model published and activated', async () => {
    const edge = fakeEdge(shifted.champion)
    const io = testIo(edge.fetch)
    expect(await retrain(shifted, io, '--json')).toBe(0)
    const r = JSON.parse(io.out)
    const cutoff = new Date(lastPlusOne(shifted) - 7 * DAY).toISOString()
    expect(r).toMatchObject({ ok: true, goal: 'buy-7d', verdict: 'replace', cutoff, dryRun: false, labelWindow: [cutoff, new Date(lastPlusOne(shifted)).toISOString()] })
    expect(r.rule).toBe('replace when challenger AUC ≥ champion AUC − 0.005 (not worse beyond noise)')
    expect(r.champion.version).toBe(shifted.champion.version)
    expect(r.challenger.trainedBefore).toBe(cutoff)
    expect(r.auc.challenger - r.auc.champion).toBeCloseTo(r.auc.difference, 12)
    expect(r.auc.difference).toBeGreaterThan(0.05)
    expect(r.auc.low).toBeGreaterThan(0)
    expect(r.next.trainedBefore).toBe(new Date(lastPlusOne(shifted)).toISOString())
    expect(r.next.version).not.toBe(r.challenger.version)
    expect(r.published).toMatchObject({ goal: 'buy-7d', version: r.next.version, uploaded: true, activated: true })
    expect(edge.state.active).toBe(r.next.version)
    expect(edge.state.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
      'GET /v1/models/buy-7d', `PUT /v1/models/buy-7d/versions/${r.next.version}`, 'POST /v1/models/buy-7d/active',
    ])
    expect(edge.state.requests[2]!.body).toEqual({ version: r.next.version })
  })

  it('--dry-run prints the verdict and both figures and publishes nothing (no token needed); --force is passed on', async () => {
    const edge = fakeEdge(shifted.champion)
    const io = testIo(edge.fetch, {})
    expect(await retrain(shifted, io, '--dry-run')).toBe(0)
    const lines = io.out.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^retrain buy-7d: latest complete window from \S+Z \(dry run: nothing is published\)$/)
    expect(lines[1]).toMatch(new RegExp(`^  champion   ${shifted.champion.version} \\(trained before \\S+\\): AUC 0\\.\\d{3}$`))
    expect(lines[2]).toMatch(/^ {2}challenger \S+ \(trained before \S+\): AUC 0\.\d{3}$/)
    expect(lines[3]).toMatch(/^ {2}challenger − champion: \+0\.\d{3} AUC, 95 % interval \+0\.\d{3} to \+0\.\d{3} \(600 profiles, \d+ positive/)
    expect(lines[4]).toBe('  rule: replace when challenger AUC ≥ champion AUC − 0.005 (not worse beyond noise)')
    expect(lines[5]).toMatch(/^ {2}verdict: replace — the challenger is not worse; would publish and activate \S+ \(the same recipe on all events before \S+\)$/)
    expect(edge.state.requests.map((q) => q.method)).toEqual(['GET'])
    expect(edge.state.active).toBe(shifted.champion.version)
    const forced = fakeEdge(shifted.champion)
    expect(await retrain(shifted, testIo(forced.fetch), '--force', '--json')).toBe(0)
    expect(forced.state.requests[2]!.body).toMatchObject({ force: true })
  })

  it('a refused activation (QUALITY_GATE) exits 1 and still prints the comparison on stderr', async () => {
    const edge = fakeEdge(shifted.champion)
    const edgeFetch = edge.fetch
    const refusal = { error: { code: 'QUALITY_GATE', message: 'hold-out AUC 0.6 < 0.65' } }
    const io = testIo((async (input: string, init?: RequestInit) => init?.method === 'POST'
      ? new Response(JSON.stringify(refusal), { status: 422 })
      : edgeFetch(input, init)) as typeof fetch)
    expect(await retrain(shifted, io)).toBe(1)
    expect(io.out).toBe('')
    expect(io.err).toMatch(/ {2}challenger − champion: \+0\.\d{3} AUC/)
    expect(io.err).toMatch(/ {2}verdict: replace, but publishing \S+ failed:\n/)
    expect(io.err).toContain('error QUALITY_GATE: POST ')
    expect(edge.state.active).toBe(shifted.champion.version)
  })

  it('keeps the champion when the challenger is worse beyond noise', async () => {
    const edge = fakeEdge(shiftedBack.champion)
    const io = testIo(edge.fetch)
    expect(await retrain(shiftedBack, io)).toBe(0)
    expect(io.out).toContain('verdict: keep — the challenger is worse beyond noise; the active model stays, nothing published')
    expect(io.out).toMatch(/challenger − champion: −0\.\d{3} AUC/)
    expect(edge.state.requests.map((q) => q.method)).toEqual(['GET'])
    expect(edge.state.active).toBe(shiftedBack.champion.version)
    const j = testIo(fakeEdge(shiftedBack.champion).fetch)
    expect(await retrain(shiftedBack, j, '--json')).toBe(0)
    const r = JSON.parse(j.out)
    expect(r.verdict).toBe('keep')
    expect(r.auc.difference).toBeLessThan(-0.005)
    expect(r.next).toBeUndefined()
    expect(r.published).toBeUndefined()
  })

  it('publishes the all-data model as the first when the edge has no active model', async () => {
    const edge = fakeEdge()
    const io = testIo(edge.fetch)
    expect(await retrain(shifted, io)).toBe(0)
    expect(io.out).toMatch(/verdict: first model — the edge has no active model for buy-7d; published and activated \S+/)
    expect(edge.state.requests.map((q) => q.method)).toEqual(['GET', 'PUT', 'POST'])
    expect(edge.state.active).toBeDefined()
  })

  it('stops with exit 3 when the champion has seen the latest window: no fair comparison until new data', async () => {
    const all = await train(memorySource(shifted.data.events), shifted.data.goal, { seed: 1, maxExamples: 6000 })
    const edge = fakeEdge(all.artifact)
    const io = testIo(edge.fetch)
    expect(await retrain(shifted, io, '--json')).toBe(3)
    const r = JSON.parse(io.out)
    expect(r).toMatchObject({ ok: true, verdict: 'wait', champion: { version: all.artifact.version } })
    expect(r.message).toContain('no fair comparison is possible until a new 7d window of data arrives')
    expect(r.challenger).toBeUndefined()
    expect(edge.state.requests.map((q) => q.method)).toEqual(['GET'])
  })

  it('refuses to run without AUSPEX_TOKEN (unless --dry-run), before any request; rejects a broken edge reply', async () => {
    const edge = fakeEdge(shifted.champion)
    const io = testIo(edge.fetch, {})
    expect(await retrain(shifted, io)).toBe(2)
    expect(io.err).toContain('AUSPEX_TOKEN is not set')
    expect(edge.state.requests).toEqual([])
    const broken = testIo((async () => new Response('oops', { status: 500 })) as typeof fetch)
    expect(await retrain(shifted, broken)).toBe(1)
    expect(broken.err).toMatch(/error CHAMPION_FETCH: GET http:\/\/127\.0\.0\.1:8787\/v1\/models\/buy-7d: 500 oops/)
  })
})
