import { Hono } from 'hono'
import { readJson } from '../body.ts'
import { limits, type AppEnv } from '../env.ts'
import { EdgeError, methodNotAllowed } from '../errors.ts'
import { NO_STORE } from '../http-cache.ts'
import { modelCache } from '../model-cache.ts'
import { scoreRateLimit } from '../rate-limit.ts'
import { checkGoal, getActive, getVersion } from '../registry.ts'
import { parseScoreRequest, scoreRequest } from '../score.ts'

/** `POST /v1/score`: server-side scoring with the goal's active model. */
export const scoreRoutes = new Hono<AppEnv>()

scoreRoutes.post('/', scoreRateLimit(), async (c) => {
  const lim = limits(c.env)
  const body = await readJson(c.req.raw, lim.scoreBytes)
  const request = parseScoreRequest(body, lim.scoreEvents, Date.now())
  const goal = checkGoal(request.goal)
  const pointer = await getActive(c.env, goal)
  if (!pointer) throw new EdgeError(404, 'NO_ACTIVE_MODEL', `goal ${goal} has no active model; publish one with auspex publish --activate`)
  const model = await modelCache.get(goal, pointer.version, pointer.hash, async (g, v) => (await getVersion(c.env, g, v))?.text ?? null)
  if (!model) throw new EdgeError(500, 'INTERNAL', `the active version ${pointer.version} of goal ${goal} is missing from storage; activate another version`)
  return c.json(scoreRequest(model, request), 200, { 'cache-control': NO_STORE })
})
scoreRoutes.all('/', methodNotAllowed(['POST']))
