import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './env.ts'

/** Methods a browser may use cross-origin: reads and `POST /v1/score`. Writes are not exposed to browsers. */
export const CORS_METHODS = 'GET, HEAD, POST, OPTIONS'
export const CORS_REQUEST_HEADERS = 'Content-Type, If-None-Match'
export const CORS_EXPOSED_HEADERS = 'ETag, X-Auspex-Version'

/** The `Access-Control-Allow-Origin` value for `origin` under the configured list, or null when not allowed. */
export function allowedOrigin(origin: string | undefined, configured: string | undefined): string | null {
  const list = (configured ?? '*').split(',').map((o) => o.trim()).filter((o) => o !== '')
  if (list.length === 0 || list.includes('*')) return '*'
  return origin !== undefined && list.includes(origin) ? origin : null
}

/** The one profile route a browser may call: `POST /v1/profiles/:id/state` (a grant, no token). */
const PROFILE_STATE = /^\/v1\/profiles\/[^/]+\/state$/

const isProfilePath = (path: string) => path === '/v1/profiles' || path.startsWith('/v1/profiles/')

function isCorsRequest(method: string, path: string): boolean {
  // the profile store's other routes are for servers (bearer tokens): no CORS, so no browser reads a profile cross-origin
  if (isProfilePath(path)) return method === 'POST' && PROFILE_STATE.test(path)
  return method === 'GET' || method === 'HEAD' || (method === 'POST' && path === '/v1/score')
}

/**
 * CORS for reads and `POST /v1/score` from the origins in `ALLOWED_ORIGINS` (default `*`): answers
 * preflights with 204, lets `If-None-Match` through and exposes `ETag`. Every such response (errors and 304s too)
 * carries `Vary: Origin`, with or without an Origin in the request. Write routes get no CORS headers.
 */
export function cors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin')
    const allow = allowedOrigin(origin, c.env.ALLOWED_ORIGINS)
    if (c.req.method === 'OPTIONS') {
      const headers = new Headers({ vary: 'Origin' })
      const path = new URL(c.req.url).pathname
      if (allow !== null && (!isProfilePath(path) || PROFILE_STATE.test(path))) {
        headers.set('access-control-allow-origin', allow)
        headers.set('access-control-allow-methods', CORS_METHODS)
        headers.set('access-control-allow-headers', CORS_REQUEST_HEADERS)
        headers.set('access-control-max-age', '86400')
      }
      return new Response(null, { status: 204, headers })
    }
    await next()
    if (!isCorsRequest(c.req.method, new URL(c.req.url).pathname)) return
    // Vary on every response the Origin header can change, also when this request had none (or a refused one):
    // a cache that kept the answer without Access-Control-Allow-Origin must not serve it to a browser that needs it
    const res = new Response(c.res.body, c.res)
    addVary(res.headers, 'Origin')
    if (origin !== undefined && allow !== null) {
      res.headers.set('access-control-allow-origin', allow)
      res.headers.set('access-control-expose-headers', CORS_EXPOSED_HEADERS)
    }
    c.res = res
  }
}

/** Adds `name` to the `Vary` header unless it (or `*`) is already there. */
export function addVary(headers: Headers, name: string): void {
  const current = headers.get('vary')
  if (current === null || current.trim() === '') {
    headers.set('vary', name)
    return
  }
  const listed = current.split(',').map((v) => v.trim().toLowerCase())
  if (!listed.includes(name.toLowerCase()) && !listed.includes('*')) headers.set('vary', `${current}, ${name}`)
}
