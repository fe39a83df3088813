import { Hono } from 'hono'
import { requireToken } from '../auth.ts'
import { readJson } from '../body.ts'
import { limits, type AppEnv } from '../env.ts'
import { EdgeError, methodNotAllowed } from '../errors.ts'
import { ACTIVE_CACHE_CONTROL, IMMUTABLE_CACHE_CONTROL, NO_STORE, etagMatches, notModified, strongEtag } from '../http-cache.ts'
import { activeSegmentVersion, checkSegmentVersion, getSegmentSet, parseSegmentsBody, publishSegments } from '../segments.ts'

/** `GET|PUT /v1/segments`, `GET /v1/segments/versions/:version`. */
export const segmentRoutes = new Hono<AppEnv>()

const json = (text: string, headers: Record<string, string>) => new Response(text, { headers: { 'content-type': 'application/json; charset=utf-8', ...headers } })

/** The ETag of "nothing published yet" (never a version: those are `seg-` and 16 hex digits), so clients revalidate it too. */
export const NO_SEGMENTS_ETAG = strongEtag('seg-none')

segmentRoutes.get('/', async (c) => {
  const version = await activeSegmentVersion(c.env)
  const etag = version === null ? NO_SEGMENTS_ETAG : strongEtag(version)
  if (etagMatches(c.req.header('if-none-match'), etag)) return notModified(etag, ACTIVE_CACHE_CONTROL)
  if (version === null) return c.json({ version: null, segments: [] }, 200, { etag, 'cache-control': ACTIVE_CACHE_CONTROL })
  const text = await getSegmentSet(c.env, version)
  if (text === null) throw new EdgeError(500, 'INTERNAL', `the active segment set ${version} is missing from storage; PUT /v1/segments again`)
  return json(text, { etag, 'cache-control': ACTIVE_CACHE_CONTROL })
})

segmentRoutes.put('/', requireToken(), async (c) => {
  const lim = limits(c.env)
  const segments = parseSegmentsBody(await readJson(c.req.raw, lim.segmentBytes), lim.segmentRules)
  const { version, created } = await publishSegments(c.env, segments)
  return c.json({ version, count: segments.length }, created ? 201 : 200, { 'cache-control': NO_STORE })
})
segmentRoutes.all('/', methodNotAllowed(['GET', 'HEAD', 'PUT']))

segmentRoutes.get('/versions/:version', async (c) => {
  const version = checkSegmentVersion(c.req.param('version'))
  const etag = strongEtag(version)
  if (etagMatches(c.req.header('if-none-match'), etag)) return notModified(etag, IMMUTABLE_CACHE_CONTROL)
  const text = await getSegmentSet(c.env, version)
  if (text === null) throw new EdgeError(404, 'NOT_FOUND', `segment set ${version} does not exist; see GET /v1/segments`)
  return json(text, { etag, 'cache-control': IMMUTABLE_CACHE_CONTROL })
})
segmentRoutes.all('/versions/:version', methodNotAllowed(['GET', 'HEAD']))
