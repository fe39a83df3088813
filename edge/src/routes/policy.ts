import { Hono } from 'hono'
import { requireToken } from '../auth.ts'
import { readJson } from '../body.ts'
import { limits, type AppEnv } from '../env.ts'
import { methodNotAllowed } from '../errors.ts'
import { NO_STORE } from '../http-cache.ts'
import { getPolicy, parsePolicy, putPolicy } from '../quality-policy.ts'
import { checkGoal } from '../registry.ts'

/** `GET|PUT /v1/models/:goal/policy`: the goal's quality floors (the activation gate). */
export const policyRoutes = new Hono<AppEnv>()

policyRoutes.get('/:goal/policy', async (c) => {
  const goal = checkGoal(c.req.param('goal'))
  const { policy, default: isDefault } = await getPolicy(c.env, goal)
  return c.json({ goal, ...policy, default: isDefault }, 200, { 'cache-control': NO_STORE })
})

/** Replaces the goal's policy whole: an omitted field is back at its default. Applies to the next activation. */
policyRoutes.put('/:goal/policy', requireToken(), async (c) => {
  const goal = checkGoal(c.req.param('goal'))
  const policy = parsePolicy(await readJson(c.req.raw, limits(c.env).activateBytes))
  await putPolicy(c.env, goal, policy)
  return c.json({ goal, ...policy, default: false }, 200, { 'cache-control': NO_STORE })
})

policyRoutes.all('/:goal/policy', methodNotAllowed(['GET', 'HEAD', 'PUT']))
