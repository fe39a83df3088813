/**
 * A profile whose id is "generations" shares its paths with the publish side's `/v1/profiles/generations` routes. It
 * is still reached, and erasable: `GET`/`HEAD`/`DELETE /v1/profiles/generations` with the profile token, and
 * `POST /v1/profiles/generations/score` and `/state` (which the publish side never answers), go to the profile routes;
 * everything else, the publish token's requests included, stays with the generations routes.
 */
import { Hono, type MiddlewareHandler } from 'hono'
import { bearerToken, isSecret } from '../auth.ts'
import type { AppEnv } from '../env.ts'
import { notFound, onError } from '../errors.ts'

const PREFIX = '/v1/profiles'
const PROFILE_ID = 'generations'

async function isProfileRequest(path: string, method: string, bearer: string | undefined, env: AppEnv['Bindings']): Promise<boolean> {
  if (method === 'POST') return path === `${PREFIX}/${PROFILE_ID}/score` || path === `${PREFIX}/${PROFILE_ID}/state`
  if (path !== `${PREFIX}/${PROFILE_ID}` || !['GET', 'HEAD', 'DELETE'].includes(method)) return false
  return isSecret(env, 'AUSPEX_PROFILE_TOKEN', bearer)
}

/** Middleware for `/v1/profiles/generations` and below: hands a profile's request to `profileRoutes` (mounted at /v1/profiles). */
export function profileNamedGenerations(profileRoutes: Hono<AppEnv>): MiddlewareHandler<AppEnv> {
  // the profile routes with the app's error answers (their errors are thrown as EdgeErrors)
  const profiles = new Hono<AppEnv>().route('/', profileRoutes)
  profiles.onError(onError)
  profiles.notFound(notFound)
  return async (c, next) => {
    if (!(await isProfileRequest(c.req.path, c.req.method, bearerToken(c.req.header('authorization')), c.env))) return next()
    const url = new URL(c.req.url)
    url.pathname = url.pathname.slice(PREFIX.length)
    let ctx: Parameters<typeof profiles.fetch>[2]
    try { ctx = c.executionCtx } catch { /* a request without one (tests calling app.request) */ }
    c.res = await profiles.fetch(new Request(url, c.req.raw), c.env, ctx)
  }
}
