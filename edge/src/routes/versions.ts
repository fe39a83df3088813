import { Hono } from 'hono'
import { loadArtifact } from '../artifact-check.ts'
import { requireToken } from '../auth.ts'
import { parseJson, readText } from '../body.ts'
import { limits, type AppEnv } from '../env.ts'
import { EdgeError, methodNotAllowed } from '../errors.ts'
import { IMMUTABLE_CACHE_CONTROL, etagMatches, notModified, strongEtag } from '../http-cache.ts'
import { checkGate } from '../quality-gate.ts'
import { getPolicy } from '../quality-policy.ts'
import { checkGoal, checkVersion, getVersion, putVersion } from '../registry.ts'
import { cachedVersion } from '../version-cache.ts'

/** `GET|PUT /v1/models/:goal/versions/:version`: immutable versions. */
export const versionRoutes = new Hono<AppEnv>()

versionRoutes.get('/:goal/versions/:version', async (c) => {
  const goal = checkGoal(c.req.param('goal'))
  const version = checkVersion(c.req.param('version'))
  const stored = await cachedVersion(c, goal, version, () => getVersion(c.env, goal, version))
  if (!stored) throw new EdgeError(404, 'NOT_FOUND', `version ${version} of goal ${goal} does not exist; see GET /v1/models`)
  const etag = strongEtag(stored.hash)
  const headers = { etag, 'cache-control': IMMUTABLE_CACHE_CONTROL, 'x-auspex-version': version }
  if (etagMatches(c.req.header('if-none-match'), etag)) return notModified(etag, IMMUTABLE_CACHE_CONTROL, { 'x-auspex-version': version })
  return new Response(stored.text, { headers: { ...headers, 'content-type': 'application/json; charset=utf-8' } })
})

versionRoutes.put('/:goal/versions/:version', requireToken(), async (c) => {
  const goal = checkGoal(c.req.param('goal'))
  const version = checkVersion(c.req.param('version'))
  const limit = limits(c.env).artifactBytes
  const text = await readText(c.req.raw, limit)
  const raw = parseJson(text, 'send the model.json written by auspex train')
  const artifact = loadArtifact(raw)
  if (artifact.goal.name !== goal) throw new EdgeError(400, 'INVALID_REQUEST', `goal.name: the artifact is for goal ${JSON.stringify(artifact.goal.name)} but the URL says ${JSON.stringify(goal)}`)
  if (artifact.version !== version) throw new EdgeError(400, 'INVALID_REQUEST', `version: the artifact is version ${JSON.stringify(artifact.version)} but the URL says ${JSON.stringify(version)}`)
  const created = await putVersion(c.env, artifact, JSON.stringify(raw))
  if (!created) throw new EdgeError(409, 'VERSION_EXISTS', `version ${version} of goal ${goal} already exists and versions are immutable; retrain to get a new version`)
  // what the gate would say to activating it now; an upload is never refused for it (only an activation is)
  const checked = checkGate(artifact.metrics, (await getPolicy(c.env, goal)).policy)
  return c.json({ goal, version, hash: artifact.hash, size: text.length, checked }, 201, { location: `/v1/models/${goal}/versions/${version}` })
})

versionRoutes.all('/:goal/versions/:version', methodNotAllowed(['GET', 'HEAD', 'PUT']))
