/**
 * The profile store's bench (part of `pnpm bench edge`, called by bench/run.ts):
 * - in-process (Hono app in Node, in-memory R2/KV, as the `POST /v1/score` figure): wall time per
 *   `POST /v1/profiles/:id/score` with 20 new events (budget ≤ 1 ms CPU median) and per `GET /v1/profiles/:id`, and the
 *   Worker's CPU per bucket PUT (checking and indexing 500 records);
 * - against `wrangler dev` (workerd, local R2 on disk, the ProfileStore Durable Object): the upload of a generation of
 *   100 k profiles (200 buckets of 500), then `GET /v1/profiles/:id` latency p50/p95 over loopback.
 * Records are realistic: each profile's states come from core's reducer over 5–90 events of the bench model's types.
 */
import { buildState, loadModel, normalizeEvents, profileBucket, type Model, type ProfileRecord } from '@auspex/core'
import { encodeBucket, type BucketEntry } from '../src/profiles/bucket-file.ts'
import { ACTIVE_PROFILES_KEY, bucketKey, type ActiveProfiles } from '../src/profiles/layout.ts'
import { parseBucketBody } from '../src/profiles/record-check.ts'
import { AT } from './model.ts'
import { summary } from './stats.ts'

type Worker = { fetch(request: Request, env: unknown): Promise<Response> }
type Figures = Record<string, unknown>
const line = (label: string, value: string) => console.log(`  ${label.padEnd(46)} ${value}`)

export const PROFILES = 100_000
export const BUCKETS = 200
const TEMPLATES = 1000
const SCORED_AT = Date.parse(AT)
const DAY = 86_400_000
const ID = '__PROFILE_ID__'

/** `n` events of one profile spread over the 120 days before the scoring moment, of the model's event types. */
function history(model: Model, seed: number, n: number): unknown[] {
  const types = model.engine.config.eventTypes
  return Array.from({ length: n }, (_, i) => {
    const type = types[(seed + i * 3) % types.length]!
    return {
      profileId: ID, type, item: `sku-${(seed + i) % 37}`,
      timestamp: SCORED_AT - Math.floor(((n - i) / n) * 120 * DAY) + ((seed * 7919) % 3_600_000),
      ...(type === 'purchase' || type === 'return' ? { value: 5 + ((seed + i * 37) % 200) } : {}),
    }
  })
}

/** One record's JSON (with {@link ID} for its profile id) per template: states of 5–90 events. */
function templates(model: Model): string[] {
  return Array.from({ length: TEMPLATES }, (_, t) => {
    const { events } = normalizeEvents(history(model, t, 5 + ((t * 7) % 86)))
    const state = buildState(model.engine, events, SCORED_AT)
    const p = model.predict(state, SCORED_AT)
    const record: ProfileRecord = {
      v: 1, profileId: ID, segments: t % 3 === 0 ? ['high-value'] : [],
      goals: { [model.goal.name]: { probability: p.probability, score: p.score, percentile: p.percentile, bucket: p.bucket, factors: p.factors, modelVersion: model.version, scoredAt: AT, state } },
    }
    return JSON.stringify(record)
  })
}

/** The profile ids of each bucket: `c0` … `c<PROFILES-1>` grouped by core's profileBucket. */
function bucketIds(): string[][] {
  const buckets: string[][] = Array.from({ length: BUCKETS }, () => [])
  for (let i = 0; i < PROFILES; i++) buckets[profileBucket(`c${i}`, BUCKETS)]!.push(`c${i}`)
  return buckets
}

const recordText = (texts: string[], id: string) => texts[Number(id.slice(1)) % TEMPLATES]!.replace(JSON.stringify(ID), JSON.stringify(id))
const bucketBody = (texts: string[], ids: string[]) => ids.map((id) => recordText(texts, id)).join('\n')

/** 20 new events after the scoring moment (a visit an hour later). */
export function newEvents(id: string): unknown[] {
  return Array.from({ length: 20 }, (_, i) => ({
    profileId: id, type: i % 5 === 4 ? 'addToCart' : 'productView', item: `sku-${i % 6}`, timestamp: new Date(SCORED_AT + 3_600_000 + i * 30_000).toISOString(),
  }))
}
const LIVE_AT = new Date(SCORED_AT + 2 * 3_600_000).toISOString()

/** In-process figures: live score and read wall time, the Worker's CPU per bucket PUT. `env` holds the active model already. */
export async function benchProfilesInProcess(app: Worker, env: Record<string, unknown>, modelText: string, profileToken: string): Promise<Figures> {
  const model = loadModel(JSON.parse(modelText))
  const texts = templates(model)
  const ids = bucketIds()
  const generation = '20111201T000000Z-0bench00'
  const r2 = env.PROFILES as { put(key: string, value: Uint8Array): Promise<unknown> }
  const used = ids.slice(0, 8)
  for (const [b, list] of used.entries()) {
    const entries: BucketEntry[] = list.map((id) => ({ id, text: recordText(texts, id) }))
    await r2.put(bucketKey(generation, b), encodeBucket(entries))
  }
  const pointer: ActiveProfiles = { generation, buckets: BUCKETS, goals: { [model.goal.name]: model.version }, scoredAt: AT, committedAt: AT }
  await (env.REGISTRY as { put(k: string, v: string): Promise<void> }).put(ACTIVE_PROFILES_KEY, JSON.stringify(pointer))
  const sample = used.flat()
  const auth = { authorization: `Bearer ${profileToken}`, 'content-type': 'application/json' }
  const figures: Figures = {}

  const time = async (label: string, key: string, request: (i: number) => Request, runs: number) => {
    for (let i = 0; i < 300; i++) await (await app.fetch(request(i), env)).text()
    const times: number[] = []
    const cpu0 = process.cpuUsage()
    for (let i = 0; i < runs; i++) {
      const t = performance.now()
      const res = await app.fetch(request(i), env)
      if (res.status !== 200) throw new Error(`${label}: ${res.status} ${await res.text()}`)
      await res.text()
      times.push(performance.now() - t)
    }
    const cpu = process.cpuUsage(cpu0)
    const s = summary(times)
    const cpuMean = (cpu.user + cpu.system) / 1000 / runs
    figures[key] = { median: s.median, p95: s.p95, processCpuMean: cpuMean }
    return { ...s, cpuMean }
  }
  console.log('\nprofile routes, Hono app in-process (Node, in-memory R2/KV; wall time, an upper bound of CPU)')
  const bodies = sample.map((id) => JSON.stringify({ events: newEvents(id), at: LIVE_AT }))
  const score = await time('live score', 'profileScoreWallMs_20events', (i) => {
    const id = sample[(i * 7919) % sample.length]!
    return new Request(`http://edge/v1/profiles/${id}/score`, { method: 'POST', headers: auth, body: bodies[(i * 7919) % sample.length] })
  }, 2000)
  line('POST /v1/profiles/:id/score, 20 new events', `wall median ${(score.median * 1000).toFixed(0)} µs, p95 ${(score.p95 * 1000).toFixed(0)} µs, ` +
    `process CPU ${(score.cpuMean * 1000).toFixed(0)} µs/req  ${score.median <= 1 ? '✓' : '✗'} budget ≤ 1 ms CPU median (checked on the wall median)`)
  const read = await time('read', 'profileGetWallMs', (i) => new Request(`http://edge/v1/profiles/${sample[(i * 7919) % sample.length]}`, { headers: auth }), 2000)
  line('GET /v1/profiles/:id', `wall median ${(read.median * 1000).toFixed(0)} µs, p95 ${(read.p95 * 1000).toFixed(0)} µs`)

  // the Worker's CPU per bucket PUT: check every record and build the indexed object (the rest is waiting on R2)
  const shape = { generation, buckets: BUCKETS, goals: pointer.goals }
  const body = bucketBody(texts, ids[0]!)
  const putTimes: number[] = []
  for (let i = 0; i < 40; i++) {
    const t = performance.now()
    encodeBucket(parseBucketBody(body, shape, 0, 5000))
    putTimes.push(performance.now() - t)
  }
  const put = summary(putTimes.slice(10))
  figures.bucketPutCpuMs = { median: put.median, records: ids[0]!.length, bytes: body.length }
  line(`bucket PUT: check + index ${ids[0]!.length} records`, `${put.median.toFixed(1)} ms (${(body.length / 1e6).toFixed(2)} MB, ${(body.length / ids[0]!.length / 1024).toFixed(1)} KB a record)`)
  return figures
}

/** Against a running local edge: upload 100 k profiles, commit, read them back. */
export async function benchProfilesLoopback(url: string, token: string, profileToken: string, modelText: string): Promise<Figures> {
  const model = loadModel(JSON.parse(modelText))
  const texts = templates(model)
  const ids = bucketIds()
  const publish = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const figures: Figures = {}
  console.log(`\nprofile store against wrangler dev (workerd, local R2 on disk): ${PROFILES.toLocaleString('en')} profiles in ${BUCKETS} buckets`)
  const created = await fetch(`${url}/v1/profiles/generations`, { method: 'POST', headers: publish, body: JSON.stringify({ buckets: BUCKETS, goals: { [model.goal.name]: model.version }, scoredAt: AT, profiles: PROFILES }) })
  if (created.status !== 201) throw new Error(`create generation: ${created.status} ${await created.text()}`)
  const { generation } = (await created.json()) as { generation: string }
  const concurrency = 4
  let next = 0
  let bytes = 0
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < BUCKETS) {
      const b = next++
      const body = bucketBody(texts, ids[b]!)
      bytes += body.length
      const res = await fetch(`${url}/v1/profiles/generations/${generation}/buckets/${b}`, { method: 'PUT', headers: { ...publish, 'content-type': 'application/x-ndjson' }, body })
      if (res.status !== 200) throw new Error(`PUT bucket ${b}: ${res.status} ${await res.text()}`)
    }
  }))
  const seconds = (performance.now() - started) / 1000
  const commit = await fetch(`${url}/v1/profiles/generations/${generation}/commit`, { method: 'POST', headers: publish })
  if (commit.status !== 200) throw new Error(`commit: ${commit.status} ${await commit.text()}`)
  const perSecond = PROFILES / seconds
  figures.upload = { profiles: PROFILES, buckets: BUCKETS, concurrency, seconds, profilesPerSecond: perSecond, megabytes: bytes / 1e6, extrapolated10MSeconds: 1e7 / perSecond }
  line(`upload ${PROFILES.toLocaleString('en')} profiles (${(bytes / 1e6).toFixed(0)} MB, ${concurrency} PUTs at once)`,
    `${seconds.toFixed(1)} s = ${perSecond.toFixed(0)} profiles/s, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s → 10 M: ~${(1e7 / perSecond / 60).toFixed(0)} min at this rate`)

  const auth = { authorization: `Bearer ${profileToken}` }
  const all = ids.flat()
  const read = async (i: number) => {
    const id = all[(i * 7919 + 13) % all.length]!
    const t = performance.now()
    const res = await fetch(`${url}/v1/profiles/${id}`, { headers: auth })
    if (res.status !== 200) throw new Error(`GET ${id}: ${res.status} ${await res.text()}`)
    await res.arrayBuffer()
    return performance.now() - t
  }
  for (let i = 0; i < 100; i++) await read(i)
  const latencies: number[] = []
  for (let i = 0; i < 2000; i++) latencies.push(await read(i + 100))
  const s = summary(latencies)
  figures.getLoopback = { requests: latencies.length, medianMs: s.median, p95Ms: s.p95 }
  line('GET /v1/profiles/:id (random profiles, one at a time)', `p50 ${s.median.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms`)
  return figures
}
