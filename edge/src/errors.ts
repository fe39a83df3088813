import { isAuspexError } from '@auspex/core'
import type { Context } from 'hono'

/** Every error code the edge answers with (besides core's own codes for invalid models, events and segments). */
export type EdgeErrorCode =
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'INVALID_JSON'
  | 'INVALID_REQUEST'
  | 'VERSION_EXISTS'
  | 'NO_ACTIVE_MODEL'
  | 'RATE_LIMITED'
  | 'QUALITY_GATE'
  | 'INTERNAL'
  // the profile store (README "Profile store")
  | 'PROFILE_NOT_FOUND'
  | 'PROFILE_STATE_STALE'
  | 'INVALID_PROFILE_RECORD'
  | 'GENERATION_NOT_FOUND'
  | 'GENERATION_NOT_PENDING'
  | 'GENERATION_INCOMPLETE'
  | 'GENERATION_EXPIRED'
  | 'TOO_MANY_PENDING'
  | 'GRANTS_DISABLED'

/**
 * An HTTP error with a stable `code`; the app's error boundary turns it into `{ error: { code, message, ...details } }`.
 * `details` carries machine-readable facts next to the message (e.g. the figures a `QUALITY_GATE` refusal checked).
 */
export class EdgeError extends Error {
  override readonly name = 'EdgeError'
  readonly code: EdgeErrorCode | string
  readonly status: 400 | 401 | 404 | 405 | 409 | 413 | 422 | 429 | 500 | 503
  readonly headers: Record<string, string>
  readonly details: Record<string, unknown>

  constructor(status: EdgeError['status'], code: EdgeErrorCode | string, message: string, headers: Record<string, string> = {}, details: Record<string, unknown> = {}) {
    super(message)
    this.status = status
    this.code = code
    this.headers = headers
    this.details = details
  }
}

/** The JSON error body of every failure; `details` sit next to `code` and `message` (never replacing them). */
export function errorBody(code: string, message: string, details: Record<string, unknown> = {}): { error: { code: string; message: string } } {
  return { error: { ...details, code, message } }
}

/** Hono `onError`: EdgeError and core's AuspexError become 4xx JSON; anything else a 500 without details. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof EdgeError) {
    return c.json(errorBody(err.code, err.message, err.details), err.status, err.headers)
  }
  if (isAuspexError(err)) return c.json(errorBody(err.code, err.message), 400)
  console.error('auspex-edge: unexpected error', err)
  return c.json(errorBody('INTERNAL', 'internal error; the request was not applied, retry later'), 500)
}

/** Hono `notFound`. */
export function notFound(c: Context): Response {
  return c.json(errorBody('NOT_FOUND', `no route ${c.req.method} ${new URL(c.req.url).pathname}; see GET /v1/health and the README for the API`), 404)
}

/** A handler for a known path called with a method it does not support. */
export function methodNotAllowed(allowed: string[]): () => never {
  return () => {
    throw new EdgeError(405, 'METHOD_NOT_ALLOWED', `method not allowed here; use ${allowed.join(', ')}`, { allow: allowed.join(', ') })
  }
}
