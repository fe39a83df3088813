import { Hono } from 'hono'
import { requireToken } from '../auth.ts'
import { readBytes, readJson } from '../body.ts'
import type { AppEnv, Env } from '../env.ts'
import { EdgeError, methodNotAllowed } from '../errors.ts'
import { NO_STORE } from '../http-cache.ts'
import { jobCall } from '../jobs/job-client.ts'
import { JOB_ID, resultKey, shardKey, taskKey } from '../jobs/job-keys.ts'
import { jobLimits } from '../jobs/job-limits.ts'
import { parseJobSpec } from '../jobs/job-spec.ts'
import type { ShardMessage } from '../jobs/job-types.ts'

/**
 * `/v1/jobs`: the queues engine's routes (all with the publish token): create a job, upload its shards, start it
 * (one queue message per shard), read its status and results, delete it. See README "Jobs (the queues engine)".
 */
export const jobRoutes = new Hono<AppEnv>()
jobRoutes.use('*', requireToken())

const noStore = { 'cache-control': NO_STORE }

function jobId(raw: string): string {
  if (!JOB_ID.test(raw)) throw new EdgeError(404, 'JOB_NOT_FOUND', `no job ${JSON.stringify(raw.slice(0, 64))}; job ids are the id POST /v1/jobs answered`)
  return raw
}

function shardNumber(raw: string): number {
  const n = Number(raw)
  if (!/^\d{1,6}$/.test(raw) || !Number.isInteger(n)) {
    throw new EdgeError(400, 'INVALID_REQUEST', `shard: ${JSON.stringify(raw.slice(0, 20))} is not a shard number (0, 1, …)`)
  }
  return n
}

/** Sends one message per shard, 100 a call (Queues' batch limit); each message is a pointer, never data. */
async function enqueue(env: Env, id: string, shards: number[]): Promise<void> {
  for (let i = 0; i < shards.length; i += 100) {
    const messages = shards.slice(i, i + 100).map((shard) => ({ body: { jobId: id, shard } satisfies ShardMessage, contentType: 'json' as const }))
    await env.SHARD_QUEUE.sendBatch(messages)
  }
}

/** The sizes of the shards job `from` lends (see JobRecord's lend). @throws {EdgeError} 404 naming `shardsFrom`, 409 */
async function lend(env: Env, from: string, shards: number): Promise<{ bytes: number[] }> {
  try {
    return await jobCall(env, from, { op: 'lend', shards })
  } catch (error) {
    if (error instanceof EdgeError && error.code === 'JOB_NOT_FOUND') {
      throw new EdgeError(404, 'JOB_NOT_FOUND', `shardsFrom ${from}: no such job (deleted, or never created); upload the shards`)
    }
    throw error
  }
}

jobRoutes.post('/', async (c) => {
  const limits = jobLimits(c.env)
  const spec = parseJobSpec(await readJson(c.req.raw, limits.taskBytes), c.env, limits)
  const id = crypto.randomUUID()
  // on an earlier job's kept shards: that job checks and extends them first (404 when it is gone, 409 when it cannot lend)
  const shardsFrom = spec.shardsFrom ? { id: spec.shardsFrom, ...(await lend(c.env, spec.shardsFrom, spec.shards)) } : null
  await c.env.JOBS.put(taskKey(id), JSON.stringify(spec.task))
  const status = await jobCall(c.env, id, { op: 'create', id, kind: spec.task.kind, shards: spec.shards, faults: spec.faults ?? null, ttlMs: limits.ttlMs,
    meta: spec.task.kind === 'score' ? { goals: spec.task.artifacts.map((m) => m.goal.name), asOf: spec.task.asOf } : {},
    keepShards: spec.keepShards === true, shardsFrom })
  return c.json(status, 201, { ...noStore, location: `/v1/jobs/${id}` })
})
jobRoutes.all('/', methodNotAllowed(['POST']))

jobRoutes.put('/:id/shards/:shard', async (c) => {
  const id = jobId(c.req.param('id'))
  const shard = shardNumber(c.req.param('shard'))
  const before = await jobCall(c.env, id, { op: 'status' })
  if (before.state !== 'created') throw new EdgeError(409, 'JOB_STATE', `the job is ${before.state}; shards can only be uploaded before it starts`)
  if (before.shardsFrom) throw new EdgeError(409, 'JOB_STATE', `the job runs on the shards of job ${before.shardsFrom}; it takes no uploads`)
  const bytes = await readBytes(c.req.raw, jobLimits(c.env).shardBytes)
  if (bytes.byteLength === 0) throw new EdgeError(400, 'INVALID_REQUEST', 'the body is empty; send the shard file written by auspex')
  await c.env.JOBS.put(shardKey(id, shard), bytes)
  try {
    return c.json(await jobCall(c.env, id, { op: 'uploaded', shard, bytes: bytes.byteLength }), 200, noStore)
  } catch (error) {
    await c.env.JOBS.delete(shardKey(id, shard)) // refused (a bad number, or started meanwhile): keep no raw events
    throw error
  }
})
jobRoutes.all('/:id/shards/:shard', methodNotAllowed(['PUT']))

jobRoutes.post('/:id/start', async (c) => {
  const id = jobId(c.req.param('id'))
  const { status, enqueue: shards } = await jobCall(c.env, id, { op: 'start' })
  await enqueue(c.env, id, shards)
  return c.json(status, 202, noStore)
})
jobRoutes.all('/:id/start', methodNotAllowed(['POST']))

jobRoutes.get('/:id/results/:shard', async (c) => {
  const id = jobId(c.req.param('id'))
  const shard = shardNumber(c.req.param('shard'))
  const status = await jobCall(c.env, id, { op: 'status' })
  const row = status.shards.find((s) => s.shard === shard)
  if (!row || row.state !== 'done') {
    const it = row?.state ?? 'not a shard of this job'
    throw new EdgeError(404, 'NOT_FOUND', `shard ${shard} has no result (it is ${it}); poll GET /v1/jobs/${id}`)
  }
  const object = await c.env.JOBS.get(resultKey(id, shard))
  if (!object) throw new EdgeError(404, 'NOT_FOUND', `the result of shard ${shard} is gone (the job expired or was deleted)`)
  return new Response(object.body, { headers: { 'content-type': 'application/gzip', 'content-length': String(object.size), ...noStore } })
})
jobRoutes.all('/:id/results/:shard', methodNotAllowed(['GET', 'HEAD']))

jobRoutes.get('/:id', async (c) => c.json(await jobCall(c.env, jobId(c.req.param('id')), { op: 'status' }), 200, noStore))
jobRoutes.delete('/:id', async (c) => c.json(await jobCall(c.env, jobId(c.req.param('id')), { op: 'delete' }), 200, noStore))
jobRoutes.all('/:id', methodNotAllowed(['GET', 'HEAD', 'DELETE']))
