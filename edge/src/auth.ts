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

/** The token of an `Authorization: Bearer <token>` header, or undefined for none or another scheme. */
export function bearerToken(header: string | null | undefined): string | undefined {
  return /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '')?.[1]
}

/**
 * Whether `given` is the secret `name` of this environment — set, equal in constant time, and for the profile token
 * different from the publish token (one token never opens both).
 */
export async function isSecret(env: AppEnv['Bindings'], name: 'AUSPEX_TOKEN' | 'AUSPEX_PROFILE_TOKEN', given: string | undefined): Promise<boolean> {
  const expected = env[name]
  const ok = await safeEqual(given ?? '', expected ?? '')
  const shared = name === 'AUSPEX_PROFILE_TOKEN' && expected !== undefined && expected === env.AUSPEX_TOKEN
  return expected !== undefined && expected !== '' && given !== undefined && ok && !shared
}

const unauthorized = (what: string) =>
  new EdgeError(401, 'UNAUTHORIZED', `a valid "Authorization: Bearer <token>" header is required for ${what}`, { 'www-authenticate': 'Bearer realm="auspex"' })

/** Which secret guards which routes. */
const GUARDS = {
  AUSPEX_TOKEN: 'writes',
  AUSPEX_PROFILE_TOKEN: 'the profile routes (the profile token, not the publish token)',
} as const

/**
 * Middleware: the request must carry `Authorization: Bearer <secret>`. Missing or wrong → the same 401. The profile
 * token must differ from the publish token: if they are equal, the profile routes refuse every request (and log why),
 * so that one token never opens both.
 */
function requireSecret(name: keyof typeof GUARDS): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const expected = c.env[name]
    if (!(await isSecret(c.env, name, bearerToken(c.req.header('authorization'))))) {
      const shared = name === 'AUSPEX_PROFILE_TOKEN' && expected !== undefined && expected === c.env.AUSPEX_TOKEN
      if (!expected) console.error(`auspex-edge: ${name} is not set; ${GUARDS[name]} are refused (wrangler secret put ${name})`)
      if (shared) console.error('auspex-edge: AUSPEX_PROFILE_TOKEN equals AUSPEX_TOKEN; the profile routes are refused until they differ')
      throw unauthorized(GUARDS[name])
    }
    await next()
  }
}

/** Middleware: the request must carry `Authorization: Bearer <AUSPEX_TOKEN>` (the publish token). */
export function requireToken(): MiddlewareHandler<AppEnv> {
  return requireSecret('AUSPEX_TOKEN')
}

/** Middleware: the request must carry `Authorization: Bearer <AUSPEX_PROFILE_TOKEN>`; the publish token is refused. */
export function requireProfileToken(): MiddlewareHandler<AppEnv> {
  return requireSecret('AUSPEX_PROFILE_TOKEN')
}
