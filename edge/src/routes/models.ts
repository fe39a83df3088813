import { Hono } from 'hono'
import { requireToken } from '../auth.ts'
import { isObject, readJson } from '../body.ts'
import { limits, type AppEnv } from '../env.ts'
import { EdgeError, methodNotAllowed } from '../errors.ts'
import { ACTIVE_CACHE_CONTROL, NO_STORE, etagMatches, notModified, strongEtag } from '../http-cache.ts'
import { checkGate, qualityGateError } from '../quality-gate.ts'
import { getPolicy } from '../quality-policy.ts'
import { checkGoal, checkVersion, getActive, getVersion, listGoals, setActive } from '../registry.ts'
import { cachedVersion } from '../version-cache.ts'

/** `GET /v1/models`, `GET /v1/models/:goal`, `POST /v1/models/:goal/active`. */
export const modelRoutes = new Hono<AppEnv>()

modelRoutes.get('/', async (c) => c.json({ goals: await listGoals(c.env) }, 200, { 'cache-control': NO_STORE }))
modelRoutes.all('/', methodNotAllowed(['GET', 'HEAD']))

modelRoutes.get('/:goal', async (c) => {
  const goal = checkGoal(c.req.param('goal'))
  const pointer = await getActive(c.env, goal)
  if (!pointer) throw new EdgeError(404, 'NO_ACTIVE_MODEL', `goal ${goal} has no active model; publish one with auspex publish --activate`)
  const etag = strongEtag(pointer.hash)
  const extra = { 'x-auspex-version': pointer.version }
  if (etagMatches(c.req.header('if-none-match'), etag)) return notModified(etag, ACTIVE_CACHE_CONTROL, extra)
  const stored = await cachedVersion(c, goal, pointer.version, () => getVersion(c.env, goal, pointer.version))
  if (!stored) throw new EdgeError(500, 'INTERNAL', `the active version ${pointer.version} of goal ${goal} is missing from storage; activate another version`)
  return new Response(stored.text, { headers: { etag, 'cache-control': ACTIVE_CACHE_CONTROL, 'content-type': 'application/json; charset=utf-8', ...extra } })
})
modelRoutes.all('/:goal', methodNotAllowed(['GET', 'HEAD']))

/**
 * Activation and rollback alike pass the quality gate: the version's `metrics` against the goal's policy. A refusal
 * is `422 QUALITY_GATE` with the figures; `"force": true` activates anyway and answers `forced: true`.
 */
modelRoutes.post('/:goal/active', requireToken(), async (c) => {
  const goal = checkGoal(c.req.param('goal'))
  const body = await readJson(c.req.raw, limits(c.env).activateBytes)
  if (!isObject(body)) throw new EdgeError(400, 'INVALID_REQUEST', 'expected a JSON object { "version": "…", "force"?: true }')
  const version = checkVersion(body.version)
  if (body.force !== undefined && typeof body.force !== 'boolean') {
    throw new EdgeError(400, 'INVALID_REQUEST', `force: expected true or false, got ${JSON.stringify(body.force)}`)
  }
  const stored = await cachedVersion(c, goal, version, () => getVersion(c.env, goal, version))
  if (!stored) {
    throw new EdgeError(404, 'NOT_FOUND', `version ${version} of goal ${goal} does not exist; upload it first with PUT /v1/models/${goal}/versions/${version}`)
  }
  const checked = checkGate(storedMetrics(stored.text), (await getPolicy(c.env, goal)).policy)
  if (!checked.passed && body.force !== true) throw qualityGateError(goal, version, checked)
  const previous = await getActive(c.env, goal)
  const pointer = await setActive(c.env, goal, version)
  return c.json({
    goal, active: pointer.version, hash: pointer.hash, activatedAt: pointer.activatedAt, previous: previous?.version ?? null,
    checked, forced: !checked.passed,
  }, 200, { 'cache-control': NO_STORE })
})

/** The `metrics` of a stored artifact's text (validated when it was uploaded). */
function storedMetrics(text: string): unknown {
  return (JSON.parse(text) as { metrics?: unknown }).metrics
}
modelRoutes.all('/:goal/active', methodNotAllowed(['POST']))
