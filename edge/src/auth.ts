import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './env.ts'
import { EdgeError } from './errors.ts'

const encoder = new TextEncoder()

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)))
}

/**
 * Compares two secrets in constant time: both are hashed to 32 bytes first, so neither the length nor
 * the position of the first difference shows in the timing.
 */
export async function safeEqual(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([digest(a), digest(b)])
  let diff = 0
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!
  return diff === 0
}

const UNAUTHORIZED = () => new EdgeError(401, 'UNAUTHORIZED', 'a valid "Authorization: Bearer <token>" header is required for writes', { 'www-authenticate': 'Bearer realm="auspex"' })

/** Middleware: the request must carry `Authorization: Bearer <AUSPEX_TOKEN>`. Missing or wrong → the same 401. */
export function requireToken(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const expected = c.env.AUSPEX_TOKEN
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header)
    const given = match?.[1] ?? ''
    const ok = await safeEqual(given, expected ?? '')
    if (!expected || !match || !ok) {
      if (!expected) console.error('auspex-edge: AUSPEX_TOKEN is not set; every write is refused (wrangler secret put AUSPEX_TOKEN)')
      throw UNAUTHORIZED()
    }
    await next()
  }
}
