import { Hono } from 'hono'
import { requireToken } from '../auth.ts'
import { readJson, readText } from '../body.ts'
import { limits, type AppEnv } from '../env.ts'
import { EdgeError, methodNotAllowed } from '../errors.ts'
import { NO_STORE } from '../http-cache.ts'
import { encodeBucket } from '../profiles/bucket-file.ts'
import { parseGenerationSpec } from '../profiles/generation-spec.ts'
import { isGenerationId } from '../profiles/layout.ts'
import { parseBucketBody } from '../profiles/record-check.ts'
import { askStore } from '../profiles/store-client.ts'
import type { CommitResult, GenerationInfo, PutBucketResult } from '../profiles/store-protocol.ts'

/**
 * The publish side of the profile store (publish token): open a generation, PUT its buckets, commit or abort it,
 * list them. Mounted at `/v1/profiles` before the profile routes, so `/generations` is never read as a profile id.
 */
export const profileGenerationRoutes = new Hono<AppEnv>()

const SPEC_BYTES = 4096

function generationParam(value: string): string {
  if (!isGenerationId(value)) throw new EdgeError(400, 'INVALID_REQUEST', `generation: expected an id from POST /v1/profiles/generations (e.g. 20261205T021800Z-1a2b3c4d), got ${JSON.stringify(value.slice(0, 64))}`)
  return value
}

profileGenerationRoutes.post('/generations', requireToken(), async (c) => {
  const spec = parseGenerationSpec(await readJson(c.req.raw, SPEC_BYTES))
  const info = await askStore<GenerationInfo>(c.env, 'POST', '/generations', {}, spec)
  return c.json({ generation: info.generation, buckets: info.buckets, expiresAt: info.expiresAt }, 201, { 'cache-control': NO_STORE })
})
profileGenerationRoutes.get('/generations', requireToken(), async (c) => {
  return c.json(await askStore(c.env, 'GET', '/generations'), 200, { 'cache-control': NO_STORE })
})
profileGenerationRoutes.all('/generations', methodNotAllowed(['GET', 'POST']))

profileGenerationRoutes.put('/generations/:generation/buckets/:bucket', requireToken(), async (c) => {
  const generation = generationParam(c.req.param('generation'))
  const bucketText = c.req.param('bucket')
  const bucket = /^\d{1,6}$/.test(bucketText) ? Number(bucketText) : NaN
  const info = await askStore<GenerationInfo>(c.env, 'GET', '/generation', { id: generation })
  if (!(bucket < info.buckets)) throw new EdgeError(400, 'INVALID_REQUEST', `bucket: expected an integer from 0 to ${info.buckets - 1} (generation ${generation} has ${info.buckets}), got ${JSON.stringify(bucketText.slice(0, 16))}`)
  if (info.state !== 'pending') throw new EdgeError(409, 'GENERATION_NOT_PENDING', `generation ${generation} is ${info.state}, no longer open for uploads; create a new generation`)
  const lim = limits(c.env)
  const entries = parseBucketBody(await readText(c.req.raw, lim.profileBucketBytes), info, bucket, lim.profileBucketRecords)
  const result = await askStore<PutBucketResult>(c.env, 'PUT', '/bucket', { generation, bucket }, encodeBucket(entries))
  return c.json(result, 200, { 'cache-control': NO_STORE })
})
profileGenerationRoutes.all('/generations/:generation/buckets/:bucket', methodNotAllowed(['PUT']))

profileGenerationRoutes.post('/generations/:generation/commit', requireToken(), async (c) => {
  const generation = generationParam(c.req.param('generation'))
  return c.json(await askStore<CommitResult>(c.env, 'POST', '/commit', { generation }), 200, { 'cache-control': NO_STORE })
})
profileGenerationRoutes.all('/generations/:generation/commit', methodNotAllowed(['POST']))

profileGenerationRoutes.delete('/generations/:generation', requireToken(), async (c) => {
  await askStore(c.env, 'DELETE', '/generation', { id: generationParam(c.req.param('generation')) })
  return c.body(null, 204)
})
profileGenerationRoutes.all('/generations/:generation', methodNotAllowed(['DELETE']))
