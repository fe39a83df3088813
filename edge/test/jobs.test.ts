import { createExecutionContext, createMessageBatch, getQueueResult, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { env as workerEnv } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import type { Env } from '../src/env.ts'
import worker, { JobRecord } from '../src/index.ts'
import { jobPrefix, resultKey, shardPrefix } from '../src/jobs/job-keys.ts'
import { SHARD_DEAD_LETTER_QUEUE, SHARD_QUEUE } from '../src/jobs/shard-consumer.ts'
import type { JobStatus } from '../src/jobs/job-types.ts'
import { createScoreJob, expected, jobStatus, results, shardOf, split, testProfiles, untilEnded, uploadShards } from './job-support.ts'
import { DAY_MS } from '@auspex/core'
import { decodeResult, gunzip, runShard, type SurveyPart } from '@auspex/shard'
import { call, errorCode, purchaseGoal, T0, testArtifact } from './support.ts'

/** The Worker's bindings, typed by the edge's own `Env`. */
const env = workerEnv as unknown as Env
const AS_OF = T0 + 20 * DAY_MS
const artifact = testArtifact()

const stored = async (prefix: string) => (await env.JOBS.list({ prefix })).objects.map((o) => o.key)

/** A started score job over `profiles` in `k` shards. */
async function startedJob(k: number, profiles = testProfiles(40), faults?: object) {
  const created = await createScoreJob(artifact, AS_OF, k, faults)
  await uploadShards(created.id, await Promise.all(split(profiles, k).map(shardOf)))
  const res = await call(`/v1/jobs/${created.id}/start`, { method: 'POST' })
  expect(res.status).toBe(202)
  return { id: created.id, profiles }
}

describe('the queues engine in workerd (real Queue, R2 and Durable Object)', () => {
  it('runs every shard through the queue: one result per eligible profile, equal to core in this isolate', async () => {
    const { id, profiles } = await startedJob(3)
    const status = await untilEnded(id)
    expect(status.state).toBe('done')
    expect(status.counts.done).toBe(3)
    expect(status.meta).toEqual({ goals: [artifact.goal.name], asOf: AS_OF })
    expect(status.shards.every((s) => s.attempts === 1 && s.resultKey === resultKey(id, s.shard))).toBe(true)
    const lines = await results(status)
    const want = expected(artifact, profiles, AS_OF)
    expect(want.size).toBeGreaterThan(20)
    expect(want.size).toBeLessThan(profiles.length) // some profiles are not eligible, and the job leaves them out too
    expect(lines.map((l) => l.profileId).sort()).toEqual([...want.keys()].sort())
    for (const line of lines) expect(line.predictions[artifact.goal.name]).toEqual(want.get(line.profileId))
    expect(status.shards.reduce((n, s) => n + (s.profiles ?? 0), 0)).toBe(want.size)
    // the job is done: its raw events are gone from R2 at once, the results stay until the CLI deletes the job
    expect(await stored(shardPrefix(id))).toEqual([])
    expect((await stored(jobPrefix(id))).length).toBe(4) // task + 3 results
    const deleted = await call(`/v1/jobs/${id}`, { method: 'DELETE' })
    expect(deleted.status).toBe(200)
    expect(await stored(jobPrefix(id))).toEqual([])
    const gone = await call(`/v1/jobs/${id}`)
    expect(gone.status).toBe(404)
    expect(await errorCode(gone)).toBe('JOB_NOT_FOUND')
  })

  it('survives a consumer that throws once: the message is retried, no profile is lost or duplicated', async () => {
    const { id, profiles } = await startedJob(3, testProfiles(40), { failOnce: [1] })
    const status = await untilEnded(id)
    expect(status.state).toBe('done')
    expect(status.shards.map((s) => s.attempts)).toEqual([1, 2, 1])
    const lines = await results(status)
    const ids = lines.map((l) => l.profileId)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.sort()).toEqual([...expected(artifact, profiles, AS_OF).keys()].sort())
  })

  it('a poisoned shard ends, after max_retries, on the dead-letter queue as a job error naming the shard', async () => {
    const { id } = await startedJob(2, testProfiles(20), { failAlways: [0] })
    const status = await untilEnded(id, 30_000)
    expect(status.state).toBe('failed')
    expect(status.error).toMatch(/^shard 0 failed after 3 attempts: Error: injected fault: shard 0 always fails/)
    expect(status.shards[0]).toMatchObject({ state: 'failed', attempts: 3 })
    expect(await stored(shardPrefix(id))).toEqual([]) // no raw events left behind by a failed job either
  })
})

describe('damaged shards and training phases', () => {
  it('a shard that is not a shard fails the job, after the retries, with the shard worker\'s own error', async () => {
    const created = await createScoreJob(artifact, AS_OF, 2)
    await uploadShards(created.id, [await shardOf(testProfiles(4)), new TextEncoder().encode('profileId,timestamp,type\n')])
    expect((await call(`/v1/jobs/${created.id}/start`, { method: 'POST' })).status).toBe(202)
    const status = await untilEnded(created.id, 30_000)
    expect(status.state).toBe('failed')
    expect(status.error).toMatch(/^shard 1 failed after 3 attempts: ShardError: shard [0-9a-f-]+\/1: not a whole gzip stream/)
    expect(status.shards[0]!.state).toBe('done')
  })

  it('runs a training phase (survey) per shard: the parts equal the shard worker run in this isolate', async () => {
    const profiles = testProfiles(30)
    const shards = await Promise.all(split(profiles, 2).map(shardOf))
    const task = { kind: 'survey' as const, goal: purchaseGoal, end: AS_OF }
    const res = await call('/v1/jobs', { method: 'POST', body: JSON.stringify({ task, shards: 2 }) })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    await uploadShards(id, shards)
    expect((await call(`/v1/jobs/${id}/start`, { method: 'POST' })).status).toBe(202)
    const status = await untilEnded(id)
    expect(status.state).toBe('done')
    for (const [n, shard] of shards.entries()) {
      const body = await call(`/v1/jobs/${id}/results/${n}`)
      const part = decodeResult<SurveyPart>(new TextDecoder().decode(await gunzip(new Uint8Array(await body.arrayBuffer()))))
      expect(part).toEqual(await runShard(shard, `local/${n}`, task))
      expect(part.typeCounts.pageView).toBeGreaterThan(0)
    }
  })
})

describe('shards uploaded once for several jobs (keepShards, shardsFrom)', () => {
  const createJob = async (body: object) => call('/v1/jobs', { method: 'POST', body: JSON.stringify(body) })

  it('a later job runs on the kept shards of an earlier one, takes no upload, and deleting the keeper deletes them', async () => {
    const profiles = testProfiles(30)
    const shards = await Promise.all(split(profiles, 2).map(shardOf))
    const task = { kind: 'survey' as const, goal: purchaseGoal, end: AS_OF }
    const first = (await (await createJob({ task, shards: 2, keepShards: true })).json()) as JobStatus
    expect(first.keepShards).toBe(true)
    await uploadShards(first.id, shards)
    // a job cannot borrow shards that are still being uploaded
    const early = await createJob({ task: { kind: 'score', asOf: AS_OF, artifacts: [artifact] }, shards: 2, shardsFrom: first.id })
    expect(early.status).toBe(409)
    expect(await errorCode(early)).toBe('JOB_STATE')
    expect((await call(`/v1/jobs/${first.id}/start`, { method: 'POST' })).status).toBe(202)
    expect((await untilEnded(first.id)).state).toBe('done')
    expect((await stored(shardPrefix(first.id))).length).toBe(2) // kept past the end of the job

    const later = await createJob({ task: { kind: 'score', asOf: AS_OF, artifacts: [artifact] }, shards: 2, shardsFrom: first.id })
    expect(later.status).toBe(201)
    const second = (await later.json()) as JobStatus
    expect(second.shardsFrom).toBe(first.id)
    expect(second.counts.uploaded).toBe(2)
    expect(second.shards.map((s) => s.bytes)).toEqual(shards.map((b) => b.byteLength))
    const upload = await call(`/v1/jobs/${second.id}/shards/0`, { method: 'PUT', body: shards[0]!, headers: { 'content-type': 'application/octet-stream' } })
    expect(upload.status).toBe(409)
    expect(await stored(shardPrefix(second.id))).toEqual([])
    expect((await call(`/v1/jobs/${second.id}/start`, { method: 'POST' })).status).toBe(202)
    const done = await untilEnded(second.id)
    expect(done.state).toBe('done')
    const rows = await results(done)
    expect(rows.map((r) => r.profileId).sort()).toEqual([...expected(artifact, profiles, AS_OF).keys()].sort())
    expect((await stored(shardPrefix(first.id))).length).toBe(2) // the borrower's end leaves the keeper's shards

    expect((await call(`/v1/jobs/${first.id}`, { method: 'DELETE' })).status).toBe(200)
    expect(await stored(shardPrefix(first.id))).toEqual([])
    const orphan = await createJob({ task, shards: 2, shardsFrom: first.id })
    expect(orphan.status).toBe(404)
    expect(await orphan.text()).toMatch(/shardsFrom [0-9a-f-]+: no such job/)
  })

  it('refuses to lend shards that are not kept, or in another number, naming the fix', async () => {
    const { id } = await startedJob(2, testProfiles(10))
    expect((await untilEnded(id)).state).toBe('done')
    const notKept = await createJob({ task: { kind: 'score', asOf: AS_OF, artifacts: [artifact] }, shards: 2, shardsFrom: id })
    expect(notKept.status).toBe(409)
    expect(await notKept.text()).toMatch(/not created with keepShards: true/)
    const keeper = (await (await createJob({ task: { kind: 'score', asOf: AS_OF, artifacts: [artifact] }, shards: 2, keepShards: true })).json()) as JobStatus
    await uploadShards(keeper.id, await Promise.all(split(testProfiles(10), 2).map(shardOf)))
    expect((await call(`/v1/jobs/${keeper.id}/start`, { method: 'POST' })).status).toBe(202)
    await untilEnded(keeper.id)
    const count = await createJob({ task: { kind: 'score', asOf: AS_OF, artifacts: [artifact] }, shards: 3, shardsFrom: keeper.id })
    expect(count.status).toBe(409)
    expect(await count.text()).toMatch(/it has 2 shards, not 3/)
    const bad = await createJob({ task: { kind: 'score', asOf: AS_OF, artifacts: [artifact] }, shards: 2, shardsFrom: 'nope' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toMatch(/shardsFrom: the id of an earlier job/)
    expect((await call(`/v1/jobs/${keeper.id}`, { method: 'DELETE' })).status).toBe(200)
    // a keeper that failed deleted its shards: nothing to lend
    const failing = (await (await createJob({ task: { kind: 'score', asOf: AS_OF, artifacts: [artifact] }, shards: 2, keepShards: true, faults: { failAlways: [0] } })).json()) as JobStatus
    await uploadShards(failing.id, await Promise.all(split(testProfiles(10), 2).map(shardOf)))
    expect((await call(`/v1/jobs/${failing.id}/start`, { method: 'POST' })).status).toBe(202)
    expect((await untilEnded(failing.id, 30_000)).state).toBe('failed')
    expect(await stored(shardPrefix(failing.id))).toEqual([])
    const fromFailed = await createJob({ task: { kind: 'score', asOf: AS_OF, artifacts: [artifact] }, shards: 2, shardsFrom: failing.id })
    expect(fromFailed.status).toBe(409)
    expect(await fromFailed.text()).toMatch(/it failed and its shards are deleted; upload the shards/)
  })
})

describe('the consumer is idempotent', () => {
  it('a duplicated message of a done shard is acked without running again; the result is written once', async () => {
    const { id } = await startedJob(2, testProfiles(10))
    const done = await untilEnded(id)
    const before = await env.JOBS.head(resultKey(id, 0))
    const batch = createMessageBatch(SHARD_QUEUE, [
      { id: 'dup-1', timestamp: new Date(), attempts: 1, body: { jobId: id, shard: 0 } },
      { id: 'dup-2', timestamp: new Date(), attempts: 1, body: { jobId: id, shard: 0 } },
    ])
    const ctx = createExecutionContext()
    await worker.queue(batch, env, ctx)
    const result = await getQueueResult(batch, ctx)
    expect(result.explicitAcks.sort()).toEqual(['dup-1', 'dup-2'])
    expect(result.retryMessages).toEqual([])
    const after = await jobStatus(id)
    expect(after.shards).toEqual(done.shards)
    expect((await env.JOBS.head(resultKey(id, 0)))?.uploaded).toEqual(before?.uploaded)
  })

  it('a throwing attempt calls message.retry() and records the error; a dead letter fails the job once', async () => {
    const created = await createScoreJob(artifact, AS_OF, 1, { failAlways: [0] })
    await uploadShards(created.id, [await shardOf(testProfiles(5))])
    // started by hand (no queue send): this test delivers the messages itself
    const stub = env.JOB_RECORD.get(env.JOB_RECORD.idFromName(created.id))
    await stub.fetch('https://job/', { method: 'POST', body: JSON.stringify({ op: 'start' }) })
    const batch = createMessageBatch(SHARD_QUEUE, [{ id: 'm1', timestamp: new Date(), attempts: 1, body: { jobId: created.id, shard: 0 } }])
    const ctx = createExecutionContext()
    await worker.queue(batch, env, ctx)
    expect((await getQueueResult(batch, ctx)).retryMessages).toEqual([{ msgId: 'm1' }])
    expect((await jobStatus(created.id)).shards[0]).toMatchObject({ state: 'queued', attempts: 1, error: 'Error: injected fault: shard 0 always fails' })

    const dead = createMessageBatch(SHARD_DEAD_LETTER_QUEUE, [
      { id: 'd1', timestamp: new Date(), attempts: 1, body: { jobId: created.id, shard: 0 } },
      { id: 'd2', timestamp: new Date(), attempts: 1, body: { jobId: created.id, shard: 0 } },
    ])
    const ctx2 = createExecutionContext()
    await worker.queue(dead, env, ctx2)
    expect((await getQueueResult(dead, ctx2)).explicitAcks.sort()).toEqual(['d1', 'd2'])
    const status = await jobStatus(created.id)
    expect(status.state).toBe('failed')
    expect(status.error).toBe('shard 0 failed after 1 attempt: Error: injected fault: shard 0 always fails')
  })
})

describe('job routes', () => {
  it('every route needs the publish token (the same 401 for none and a wrong one)', async () => {
    const { id } = await createScoreJob(artifact, AS_OF, 1)
    const routes: Array<[string, string]> = [['POST', '/v1/jobs'], ['PUT', `/v1/jobs/${id}/shards/0`], ['POST', `/v1/jobs/${id}/start`],
      ['GET', `/v1/jobs/${id}`], ['GET', `/v1/jobs/${id}/results/0`], ['DELETE', `/v1/jobs/${id}`]]
    for (const [method, path] of routes) {
      for (const token of [null, 'wrong-token']) {
        const res = await call(path, { method, token, ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }) })
        expect(res.status, `${method} ${path}`).toBe(401)
        expect(await errorCode(res)).toBe('UNAUTHORIZED')
      }
    }
    expect((await jobStatus(id)).state).toBe('created') // nothing was applied
  })

  it('refuses bad jobs naming the field, uploads after the start, a start before every shard, and oversized shards', async () => {
    const post = (body: unknown) => call('/v1/jobs', { method: 'POST', body: JSON.stringify(body) })
    const message = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message
    expect(await message(await post({ task: { kind: 'score', asOf: AS_OF, artifacts: [artifact] }, shards: 0 }))).toMatch(/^shards: /)
    expect(await message(await post({ task: { kind: 'score', asOf: 'soon', artifacts: [artifact] }, shards: 1 }))).toMatch(/^task\.asOf: /)
    expect(await message(await post({ task: { kind: 'train' }, shards: 1 }))).toMatch(/^task\.kind: /)
    expect(await message(await post({ task: { kind: 'score', asOf: AS_OF, artifacts: [artifact] }, shards: 1, faults: { failTwice: [0] } }))).toMatch(/^faults\.failTwice: /)
    const altered = await post({ task: { kind: 'score', asOf: AS_OF, artifacts: [{ ...artifact, hash: 'x'.repeat(64) }] }, shards: 1 })
    expect(altered.status).toBe(422)
    expect(await message(altered)).toMatch(/^task\.artifacts\[0\]: /)

    const { id } = await createScoreJob(artifact, AS_OF, 2)
    const early = await call(`/v1/jobs/${id}/start`, { method: 'POST' })
    expect(early.status).toBe(409)
    expect(await message(early)).toMatch(/0 of 2 shards are uploaded/)
    const outside = await call(`/v1/jobs/${id}/shards/2`, { method: 'PUT', body: new Uint8Array([1]) })
    expect(outside.status).toBe(400)
    expect(await stored(shardPrefix(id))).toEqual([]) // the refused upload left nothing in R2
    const huge = await call(`/v1/jobs/${id}/shards/0`, { method: 'PUT', body: new Uint8Array(1_048_577) })
    expect(huge.status).toBe(413)
    await uploadShards(id, [await shardOf(testProfiles(3)), await shardOf(testProfiles(2))])
    expect((await call(`/v1/jobs/${id}/start`, { method: 'POST' })).status).toBe(202)
    const late = await call(`/v1/jobs/${id}/shards/0`, { method: 'PUT', body: new Uint8Array([1]) })
    expect(late.status).toBe(409)
    expect(await errorCode(late)).toBe('JOB_STATE')
    expect(await errorCode(await call('/v1/jobs/not-a-job'))).toBe('JOB_NOT_FOUND')
    await untilEnded(id)
  })

  it('expiry: the alarm deletes the task, shards and results and leaves an expired tombstone', async () => {
    const created = await createScoreJob(artifact, AS_OF, 2)
    await uploadShards(created.id, [await shardOf(testProfiles(3)), await shardOf(testProfiles(2))])
    expect((await stored(jobPrefix(created.id))).length).toBe(3)
    const stub = env.JOB_RECORD.get(env.JOB_RECORD.idFromName(created.id))
    expect(await runDurableObjectAlarm(stub)).toBe(true)
    expect(await stored(jobPrefix(created.id))).toEqual([])
    const status = await jobStatus(created.id)
    expect(status.state).toBe('expired')
    expect(status.error).toMatch(/expired 1440 min after its last change/)
    expect(Date.parse(status.expiresAt) - Date.now()).toBeGreaterThan(6 * DAY_MS) // the tombstone's own alarm
    expect(await runDurableObjectAlarm(stub)).toBe(true)
    expect(await errorCode(await call(`/v1/jobs/${created.id}`))).toBe('JOB_NOT_FOUND')
  })
})

describe('a job record from before a deploy', () => {
  it('gains the columns added since (keep_shards, shards_from) when its object starts again, its row intact', async () => {
    const stub = env.JOB_RECORD.get(env.JOB_RECORD.idFromName('old-schema'))
    const columns = (sql: SqlStorage) => sql.exec<{ name: string }>(`SELECT name FROM pragma_table_info('job')`).toArray().map((r) => r.name)
    const after = await runInDurableObject(stub, (_instance: unknown, state) => {
      const sql = state.storage.sql
      sql.exec('DROP TABLE job')
      sql.exec(`CREATE TABLE job (id TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL, shards INTEGER NOT NULL,
        faults TEXT, meta TEXT NOT NULL, error TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL, ttl_ms INTEGER NOT NULL)`)
      sql.exec(`INSERT INTO job VALUES ('j1', 'score', 'running', 2, NULL, '{}', NULL, 1, 1, 2, 1)`)
      expect(columns(sql)).not.toContain('keep_shards')
      new JobRecord(state, env)
      // and again: a second start finds both and adds nothing
      new JobRecord(state, env)
      return { columns: columns(sql), row: sql.exec('SELECT id, keep_shards, shards_from FROM job').toArray() }
    })
    expect(after.columns).toEqual(expect.arrayContaining(['keep_shards', 'shards_from']))
    expect(after.row).toEqual([{ id: 'j1', keep_shards: 0, shards_from: null }])
  })
})
