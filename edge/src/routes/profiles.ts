import { profileView } from '@auspex/core'
import { Hono } from 'hono'
import { activeModel } from '../active-model.ts'
import { requireProfileToken } from '../auth.ts'
import { readJson } from '../body.ts'
import { limits, type AppEnv } from '../env.ts'
import { EdgeError, methodNotAllowed } from '../errors.ts'
import { NO_STORE } from '../http-cache.ts'
import { checkGrant, grantedState } from '../profiles/grant-state.ts'
import { MAX_PROFILE_ID } from '../profiles/layout.ts'
import { liveScore, parseLiveScoreRequest } from '../profiles/live-score.ts'
import { readProfile } from '../profiles/read.ts'
import { askStore } from '../profiles/store-client.ts'
import { checkGoal } from '../registry.ts'

/**
 * The profile side (profile token): read a profile, score it live with new events, erase it. And the grant side (no
 * token; CORS): a browser's `identify` reads one profile's states with a grant for it.
 */
export const profileRoutes = new Hono<AppEnv>()

const GRANT_BODY_BYTES = 4096
const headers = { 'cache-control': NO_STORE }

function profileId(value: string): string {
  if (value === '' || value.length > MAX_PROFILE_ID) throw new EdgeError(400, 'INVALID_REQUEST', `profile id: expected 1–${MAX_PROFILE_ID} characters (URL-encoded)`)
  return value
}

profileRoutes.get('/:id', requireProfileToken(), async (c) => {
  return c.json(profileView(await readProfile(c.env, profileId(c.req.param('id')))), 200, headers)
})
profileRoutes.delete('/:id', requireProfileToken(), async (c) => {
  await askStore(c.env, 'DELETE', '/profile', { id: profileId(c.req.param('id')) })
  return c.body(null, 204, headers)
})
profileRoutes.all('/:id', methodNotAllowed(['GET', 'HEAD', 'DELETE']))

profileRoutes.post('/:id/score', requireProfileToken(), async (c) => {
  const id = profileId(c.req.param('id'))
  const lim = limits(c.env)
  const request = parseLiveScoreRequest(await readJson(c.req.raw, lim.scoreBytes), id, lim.scoreEvents, Date.now())
  const record = await readProfile(c.env, id)
  return c.json(await liveScore(record, request, (goal) => activeModel(c.env, checkGoal(goal))), 200, headers)
})
profileRoutes.all('/:id/score', methodNotAllowed(['POST']))

profileRoutes.post('/:id/state', async (c) => {
  const id = profileId(c.req.param('id'))
  checkGrant(c.env, id, await readJson(c.req.raw, GRANT_BODY_BYTES), Date.now())
  return c.json(grantedState(await readProfile(c.env, id)), 200, headers)
})
profileRoutes.all('/:id/state', methodNotAllowed(['POST']))
