import { sha256Hex } from '@auspex/core'
import type { MiddlewareHandler } from 'hono'
import { safeEqual } from './auth.ts'
import type { AppEnv } from './env.ts'
import { EdgeError } from './errors.ts'

/** The period of the `SCORE_LIMITER` binding in wrangler.jsonc (`simple.period`): how long a limited client waits at most. */
export const SCORE_RATE_PERIOD_SECONDS = 60

let warned = false

/**
 * Whose budget a request spends: a caller with the valid bearer token (a trusted backend scoring for many visitors
 * from one address) has its own, keyed by a digest of the token; anyone else is keyed by `CF-Connecting-IP`, which
 * Cloudflare sets and a client cannot forge. An unverified token never chooses the key, or rotating made-up tokens
 * would escape the limit. Requests without the header (in-process callers, tests) share one `ip:unknown` budget.
 */
export async function rateLimitKey(request: Request, token: string | undefined): Promise<string> {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')
  if (match && token && (await safeEqual(match[1]!, token))) return `token:${sha256Hex(token).slice(0, 32)}`
  return `ip:${request.headers.get('cf-connecting-ip') ?? 'unknown'}`
}

/**
 * Middleware: at most the `SCORE_LIMITER` binding's budget per client and period, else `429 RATE_LIMITED` with
 * `Retry-After`. Without the binding (an older wrangler.jsonc) requests pass, with one warning per isolate; if the
 * limiter itself fails, the request passes too (logged): an outage of the counter must not take scoring down.
 */
export function scoreRateLimit(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const limiter = c.env.SCORE_LIMITER
    if (!limiter) {
      if (!warned) console.warn('auspex-edge: no SCORE_LIMITER binding; POST /v1/score is not rate limited (add "ratelimits" to wrangler.jsonc, see edge/README.md)')
      warned = true
      return next()
    }
    let allowed = true
    try {
      allowed = (await limiter.limit({ key: await rateLimitKey(c.req.raw, c.env.AUSPEX_TOKEN) })).success
    } catch (error) {
      console.error('auspex-edge: the SCORE_LIMITER binding failed; the request was let through', error)
    }
    if (!allowed) {
      throw new EdgeError(429, 'RATE_LIMITED', `too many POST /v1/score requests from this client; retry after ${SCORE_RATE_PERIOD_SECONDS} s, or score on the device with the SDK`, {
        'retry-after': String(SCORE_RATE_PERIOD_SECONDS),
      })
    }
    await next()
  }
}

/** For tests: forget that the missing-binding warning was logged. */
export function resetRateLimitWarning(): void {
  warned = false
}
