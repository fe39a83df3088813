import { loadModel, type AuspexEvent, type ModelArtifact, type Prediction } from '@auspex/core'
import { decodeResult, encodeShard, gunzip, gzip, ShardBuilder, type ScorePart, type ScoreRow } from '@auspex/shard'
import { expect } from 'vitest'
import type { JobStatus } from '../src/jobs/job-types.ts'
import { call, HOUR, T0 } from './support.ts'

export interface TestProfile { seq: number; profileId: string; events: AuspexEvent[] }

/** `n` profiles with a few views, carts and purchases each (deterministic; some never eligible at `T0 + 60 d`). */
export function testProfiles(n: number): TestProfile[] {
  return Array.from({ length: n }, (_, seq) => {
    const profileId = `p${String(seq).padStart(4, '0')}`
    // profile 3, 13, … is only active long before the as-of: not eligible (45 d activity window)
    const start = seq % 10 === 3 ? T0 - 200 * 24 * HOUR : T0 + (seq % 7) * 24 * HOUR
    const types = ['pageView', 'addToCart', 'pageView', 'purchase', 'addToCart']
    const events = Array.from({ length: 2 + (seq % 5) }, (_, k) => ({
      profileId, timestamp: start + k * 3 * HOUR, type: types[(seq + k) % types.length]!, ...(k % 3 === 2 ? { value: 10 + k } : {}),
    }))
    return { seq, profileId, events }
  })
}

/** A stored shard (`@auspex/shard`'s format, gzip'd) of `profiles` (ids ascending). */
export function shardOf(profiles: readonly TestProfile[]): Promise<Uint8Array> {
  const builder = new ShardBuilder()
  for (const p of profiles) builder.add(p.profileId, p.events)
  return gzip(encodeShard(builder.build()))
}

/** Splits profiles into `k` shards by position modulo k. */
export function split<T>(items: readonly T[], k: number): T[][] {
  return Array.from({ length: k }, (_, i) => items.filter((_, j) => j % k === i))
}

/** The predictions core computes in this isolate for one profile, as `auspex score` would (events before `asOf`). */
export function expected(artifact: ModelArtifact, profiles: readonly TestProfile[], asOf: number): Map<string, Prediction> {
  const model = loadModel(artifact)
  const out = new Map<string, Prediction>()
  for (const p of profiles) {
    const state = model.engine.init()
    for (const e of p.events) if (e.timestamp < asOf) model.engine.update(state, e)
    if (model.goal.isEligible(state, asOf)) out.set(p.profileId, model.predict(state, asOf))
  }
  return out
}

/** POST /v1/jobs with a score task; the job's status. */
export async function createScoreJob(artifact: ModelArtifact, asOf: number, shards: number, faults?: object): Promise<JobStatus> {
  const res = await call('/v1/jobs', { method: 'POST', body: JSON.stringify({ task: { kind: 'score', asOf, artifacts: [artifact] }, shards, ...(faults ? { faults } : {}) }) })
  expect(res.status).toBe(201)
  return (await res.json()) as JobStatus
}

/** PUT every shard of a job. */
export async function uploadShards(id: string, shards: readonly Uint8Array[]): Promise<void> {
  for (const [n, bytes] of shards.entries()) {
    const res = await call(`/v1/jobs/${id}/shards/${n}`, { method: 'PUT', body: bytes, headers: { 'content-type': 'application/octet-stream' } })
    expect(res.status).toBe(200)
  }
}

export async function jobStatus(id: string): Promise<JobStatus> {
  const res = await call(`/v1/jobs/${id}`)
  expect(res.status).toBe(200)
  return (await res.json()) as JobStatus
}

/** Polls the status until the job has ended (done, failed or expired), for at most `ms`. */
export async function untilEnded(id: string, ms = 20_000): Promise<JobStatus> {
  const deadline = Date.now() + ms
  for (;;) {
    const status = await jobStatus(id)
    if (status.state === 'done' || status.state === 'failed' || status.state === 'expired') return status
    if (Date.now() > deadline) throw new Error(`job ${id} still ${status.state} after ${ms} ms: ${JSON.stringify(status.counts)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Every score row of a done job, shard by shard. */
export async function results(status: JobStatus): Promise<ScoreRow[]> {
  const rows: ScoreRow[] = []
  for (const s of status.shards) {
    const res = await call(`/v1/jobs/${status.id}/results/${s.shard}`)
    expect(res.status).toBe(200)
    const part = decodeResult<ScorePart>(new TextDecoder().decode(await gunzip(new Uint8Array(await res.arrayBuffer()))))
    expect(part.kind).toBe('score')
    rows.push(...part.rows)
  }
  return rows
}
