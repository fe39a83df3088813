/**
 * `pnpm bench edge`: wall time per `POST /v1/score` (budget: ≤ 1 ms CPU median) with the Hono app in-process in
 * Node (same V8 as workerd; in-memory R2/KV, so no storage waits), then requests/s over loopback against
 * `wrangler dev`. workerd reports no per-request CPU time in local dev, so the figure is wall time: an upper bound
 * of the request's CPU here (one request at a time, nothing to wait on), next to the process CPU per request
 * (`process.cpuUsage`, which also counts GC and the benchmark loop). Then the queues engine per shard (bench/queues.ts).
 * Writes `.auspex/bench/edge.json`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { EDGE_DIR, startLocalEdge } from '../scripts/local-edge.ts'
import { memoryKv, memoryR2 } from './memory-bindings.ts'
import { AT, ROOT, benchEvents, benchModel } from './model.ts'
import { benchProfilesInProcess, benchProfilesLoopback } from './profiles.ts'
import { benchQueues } from './queues.ts'
import { summary } from './stats.ts'

type Worker = { fetch(request: Request, env: unknown): Promise<Response> }
const BUDGET_MS = 1
const TOKEN = 'bench-token'
const PROFILE_TOKEN = 'bench-profile-token'
const figures: Record<string, unknown> = {}
const line = (label: string, value: string) => console.log(`  ${label.padEnd(46)} ${value}`)

const model = benchModel()
const artifact = JSON.parse(model.text) as { version: string; goal: { name: string } }
const goal = artifact.goal.name
console.log(`model ${goal} ${artifact.version} (${(model.text.length / 1024).toFixed(1)} KB) from ${model.source}`)

// 1. wall time per request, in-process (no per-request CPU clock exists for it)
const app = ((await import(pathToFileURL(join(EDGE_DIR, 'src/index.ts')).href)) as { default: Worker }).default
const env = { MODELS: memoryR2(), REGISTRY: memoryKv(), PROFILES: memoryR2(), AUSPEX_TOKEN: TOKEN, AUSPEX_PROFILE_TOKEN: PROFILE_TOKEN, ALLOWED_ORIGINS: '*' }
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }
const put = await app.fetch(new Request(`http://edge/v1/models/${goal}/versions/${artifact.version}`, { method: 'PUT', headers: auth, body: model.text }), env)
// force: the bench measures scoring, whatever the model's figures against the quality gate
const activation = JSON.stringify({ version: artifact.version, force: true })
const act = await app.fetch(new Request(`http://edge/v1/models/${goal}/active`, { method: 'POST', headers: auth, body: activation }), env)
if (put.status !== 201 || act.status !== 200) throw new Error(`bench setup failed: PUT ${put.status}, activate ${act.status}`)

const scoreRequest = (body: string) => new Request('http://edge/v1/score', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
console.log('\nwall time per POST /v1/score, Hono app in-process (Node, in-memory R2/KV; an upper bound of its CPU)')
const cold = performance.now()
const first = await app.fetch(scoreRequest(JSON.stringify({ goal, events: benchEvents(20), at: AT })), env)
if (first.status !== 200) throw new Error(`score failed: ${first.status} ${await first.text()}`)
line('first request (loads + validates the model)', `${(performance.now() - cold).toFixed(2)} ms`)
const warm = JSON.stringify({ goal, events: benchEvents(20), at: AT })
for (let i = 0; i < 2000; i++) await (await app.fetch(scoreRequest(warm), env)).text()
for (const n of [1, 20, 200, 1000]) {
  const body = JSON.stringify({ goal, events: benchEvents(n), at: AT })
  for (let i = 0; i < 200; i++) await (await app.fetch(scoreRequest(body), env)).text()
  const runs = n >= 1000 ? 500 : 2000
  const times: number[] = []
  const cpu0 = process.cpuUsage()
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    const res = await app.fetch(scoreRequest(body), env)
    await res.text()
    times.push(performance.now() - t)
  }
  const cpu = process.cpuUsage(cpu0)
  const s = summary(times)
  const cpuMean = (cpu.user + cpu.system) / 1000 / runs
  figures[`scoreWallMs_${n}events`] = { median: s.median, p95: s.p95, processCpuMean: cpuMean, bodyBytes: body.length }
  const verdict = n === 20 ? `  ${s.median <= BUDGET_MS ? '✓' : '✗'} budget ≤ ${BUDGET_MS} ms CPU median, checked on the wall median (typical request)` : ''
  line(`${n} events (${(body.length / 1024).toFixed(1)} KB body)`, `wall median ${(s.median * 1000).toFixed(0)} µs, p95 ${(s.p95 * 1000).toFixed(0)} µs, process CPU ${(cpuMean * 1000).toFixed(0)} µs/req${verdict}`)
}

Object.assign(figures, await benchProfilesInProcess(app, env, model.text, PROFILE_TOKEN))

// 2. Loopback throughput against wrangler dev
console.log('\nloopback: POST /v1/score against wrangler dev (workerd), 20 events per request')
const port = await new Promise<number>((done) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => done(p)) })
})
const stateDir = mkdtempSync(join(tmpdir(), 'auspex-edge-bench-state-'))
const edge = await startLocalEdge({ port, stateDir, token: TOKEN, profileToken: PROFILE_TOKEN })
try {
  await fetch(`${edge.url}/v1/models/${goal}/versions/${artifact.version}`, { method: 'PUT', headers: auth, body: model.text })
  await fetch(`${edge.url}/v1/models/${goal}/active`, { method: 'POST', headers: auth, body: activation })
  const body = JSON.stringify({ goal, events: benchEvents(20), at: AT })
  // every request from its own client address (a crowd of visitors), so the SCORE_LIMITER budget per client never bites
  let client = 0
  const once = async () => {
    const t = performance.now()
    const headers = { 'content-type': 'application/json', 'cf-connecting-ip': `2001:db8::${(++client).toString(16)}` }
    const res = await fetch(`${edge.url}/v1/score`, { method: 'POST', headers, body })
    if (res.status !== 200) throw new Error(`loopback score: ${res.status} ${await res.text()}`)
    await res.arrayBuffer()
    return performance.now() - t
  }
  for (let i = 0; i < 100; i++) await once()
  for (const concurrency of [1, 8]) {
    const latencies: number[] = []
    const until = performance.now() + 5000
    const started = performance.now()
    await Promise.all(Array.from({ length: concurrency }, async () => { while (performance.now() < until) latencies.push(await once()) }))
    const seconds = (performance.now() - started) / 1000
    const s = summary(latencies)
    figures[`loopback_c${concurrency}`] = { requestsPerSecond: latencies.length / seconds, latencyMedianMs: s.median, latencyP95Ms: s.p95 }
    line(`concurrency ${concurrency}`, `${(latencies.length / seconds).toFixed(0)} req/s, latency median ${s.median.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms`)
  }
  figures.profiles = await benchProfilesLoopback(edge.url, TOKEN, PROFILE_TOKEN, model.text)
} finally {
  await edge.stop()
  rmSync(stateDir, { recursive: true, force: true })
}

// 3. the queues engine: CPU and memory per shard of ~100 k events in workerd, and the projection (bench/queues.ts)
figures.queues = await benchQueues(model.text)

mkdirSync(join(ROOT, '.auspex/bench'), { recursive: true })
writeFileSync(join(ROOT, '.auspex/bench/edge.json'), JSON.stringify({ at: new Date().toISOString(), model: artifact.version, figures }, null, 2) + '\n')
