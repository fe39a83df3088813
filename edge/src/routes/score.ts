import { Hono } from 'hono'
import { readJson } from '../body.ts'
import { limits, type AppEnv } from '../env.ts'
import { activeModel } from '../active-model.ts'
import { methodNotAllowed } from '../errors.ts'
import { NO_STORE } from '../http-cache.ts'
import { scoreRateLimit } from '../rate-limit.ts'
import { checkGoal } from '../registry.ts'
import { parseScoreRequest, scoreRequest } from '../score.ts'

/** `POST /v1/score`: server-side scoring with the goal's active model. */
export const scoreRoutes = new Hono<AppEnv>()

scoreRoutes.post('/', scoreRateLimit(), async (c) => {
  const lim = limits(c.env)
  const body = await readJson(c.req.raw, lim.scoreBytes)
  const request = parseScoreRequest(body, lim.scoreEvents, Date.now())
  const model = await activeModel(c.env, checkGoal(request.goal))
  return c.json(scoreRequest(model, request), 200, { 'cache-control': NO_STORE })
})
scoreRoutes.all('/', methodNotAllowed(['POST']))
