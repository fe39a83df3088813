import { sha256Hex } from '@auspex/core'
import type { MiddlewareHandler } from 'hono'
import { bearerToken, safeEqual } from './auth.ts'
import type { AppEnv } from './env.ts'
import { EdgeError } from './errors.ts'

/** The period of the `SCORE_LIMITER` binding in wrangler.jsonc (`simple.period`): how long a limited client waits at most. */
export const SCORE_RATE_PERIOD_SECONDS = 60

/** The period of the `TELEMETRY_LIMITER` binding in wrangler.jsonc (`simple.period`). */
export const TELEMETRY_RATE_PERIOD_SECONDS = 60

const warned = new Set<string>()

/**
 * Whose budget a request spends: a caller with the valid bearer token (a trusted backend scoring for many visitors
 * from one address) has its own, keyed by a digest of the token; anyone else is keyed by `CF-Connecting-IP`, which
 * Cloudflare sets and a client cannot forge. An unverified token never chooses the key, or rotating made-up tokens
 * would escape the limit. Requests without the header (in-process callers, tests) share one `ip:unknown` budget.
 */
export async function rateLimitKey(request: Request, token: string | undefined): Promise<string> {
  const given = bearerToken(request.headers.get('authorization'))
  if (given !== undefined && token && (await safeEqual(given, token))) return `token:${sha256Hex(token).slice(0, 32)}`
  return `ip:${request.headers.get('cf-connecting-ip') ?? 'unknown'}`
}

/** A limited route: its binding, its name in messages, and what a limited client can do instead. */
interface LimitedRoute {
  binding: 'SCORE_LIMITER' | 'TELEMETRY_LIMITER'
  route: string
  period: number
  advice: string
}

/**
 * Middleware: at most the `SCORE_LIMITER` binding's budget per client and period, else `429 RATE_LIMITED` with
 * `Retry-After`. Without the binding (an older wrangler.jsonc) requests pass, with one warning per isolate; if the
 * limiter itself fails, the request passes too (logged): an outage of the counter must not take scoring down.
 */
export function scoreRateLimit(): MiddlewareHandler<AppEnv> {
  return rateLimit({ binding: 'SCORE_LIMITER', route: 'POST /v1/score', period: SCORE_RATE_PERIOD_SECONDS, advice: ', or score on the device with the SDK' })
}

/** Middleware: the same per-client limit for `POST /v1/telemetry`, with the `TELEMETRY_LIMITER` binding. */
export function telemetryRateLimit(): MiddlewareHandler<AppEnv> {
  return rateLimit({ binding: 'TELEMETRY_LIMITER', route: 'POST /v1/telemetry', period: TELEMETRY_RATE_PERIOD_SECONDS, advice: '; the SDK sends one report per model version and day' })
}

function rateLimit({ binding, route, period, advice }: LimitedRoute): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const limiter = c.env[binding]
    if (!limiter) {
      if (!warned.has(binding)) console.warn(`auspex-edge: no ${binding} binding; ${route} is not rate limited (add "ratelimits" to wrangler.jsonc, see edge/README.md)`)
      warned.add(binding)
      return next()
    }
    let allowed = true
    try {
      allowed = (await limiter.limit({ key: await rateLimitKey(c.req.raw, c.env.AUSPEX_TOKEN) })).success
    } catch (error) {
      console.error(`auspex-edge: the ${binding} binding failed; the request was let through`, error)
    }
    if (!allowed) {
      throw new EdgeError(429, 'RATE_LIMITED', `too many ${route} requests from this client; retry after ${period} s${advice}`, {
        'retry-after': String(period),
      })
    }
    await next()
  }
}

/** For tests: forget that the missing-binding warnings were logged. */
export function resetRateLimitWarning(): void {
  warned.clear()
}
