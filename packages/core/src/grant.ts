/**
 * Profile grants: a site's backend lets one browser read one known customer's feature state from the edge
 * (`identify`). A grant is `v1.<expiry>.<signature>`: expiry in epoch seconds, signature the lower-case hex
 * HMAC-SHA256 (RFC 2104) with the secret `AUSPEX_GRANT_SECRET` over `auspex-grant/v1\n<expiry>\n<profileId>`.
 * A grant lives at most {@link GRANT_MAX_TTL_SECONDS}; the edge accepts two secrets at once so keys can rotate.
 * Synchronous and dependency-free, so the same code signs in Node and in Workers and verifies on the edge.
 */
import { AuspexError } from './errors.ts'
import { sha256, toHex, utf8Bytes } from './hash.ts'

/** The longest a grant may live: 15 minutes. */
export const GRANT_MAX_TTL_SECONDS = 900
/** The default life of a grant signed by {@link signGrant}: 10 minutes. */
export const GRANT_DEFAULT_TTL_SECONDS = 600
/** Clock skew tolerated between the signer and the edge, seconds. */
export const GRANT_CLOCK_SKEW_SECONDS = 60
/** Shortest secret accepted (characters). */
export const GRANT_MIN_SECRET_LENGTH = 32

const BLOCK = 64

/** HMAC-SHA256 of `message` with `key` (RFC 2104), the 32-byte digest. */
export function hmacSha256(key: string | Uint8Array, message: string | Uint8Array): Uint8Array {
  let k = typeof key === 'string' ? utf8Bytes(key) : key
  if (k.length > BLOCK) k = sha256(k)
  const m = typeof message === 'string' ? utf8Bytes(message) : message
  const inner = new Uint8Array(BLOCK + m.length)
  const outer = new Uint8Array(BLOCK + 32)
  for (let i = 0; i < BLOCK; i++) {
    const b = k[i] ?? 0
    inner[i] = b ^ 0x36
    outer[i] = b ^ 0x5c
  }
  inner.set(m, BLOCK)
  outer.set(sha256(inner), BLOCK)
  return sha256(outer)
}

const payload = (profileId: string, expiry: number) => `auspex-grant/v1\n${expiry}\n${profileId}`

function checkSecret(secret: unknown, what: string): asserts secret is string {
  if (typeof secret !== 'string' || secret.length < GRANT_MIN_SECRET_LENGTH) {
    throw new AuspexError('INVALID_ARGUMENT', `${what}: the grant secret must be a string of at least ${GRANT_MIN_SECRET_LENGTH} characters ` +
      `(AUSPEX_GRANT_SECRET; make one with \`openssl rand -hex 32\`)`)
  }
}

export interface SignGrantOptions {
  /** seconds the grant lives (default {@link GRANT_DEFAULT_TTL_SECONDS}, at most {@link GRANT_MAX_TTL_SECONDS}) */
  ttlSeconds?: number
  /** now, epoch ms (default `Date.now()`) */
  now?: number
}

/**
 * Signs a grant for `profileId` (run it on your backend, after you know who the customer is; never in a browser).
 * @example
 * const grant = signGrant(env.AUSPEX_GRANT_SECRET, customerId)   // then: auspex.identify(customerId, { grant })
 */
export function signGrant(secret: string, profileId: string, options: SignGrantOptions = {}): string {
  checkSecret(secret, 'signGrant')
  if (typeof profileId !== 'string' || profileId.length === 0) throw new AuspexError('INVALID_ARGUMENT', 'signGrant: profileId must be a non-empty string')
  const ttl = options.ttlSeconds ?? GRANT_DEFAULT_TTL_SECONDS
  if (!Number.isInteger(ttl) || ttl <= 0 || ttl > GRANT_MAX_TTL_SECONDS) {
    throw new AuspexError('INVALID_ARGUMENT', `signGrant: ttlSeconds must be an integer in 1..${GRANT_MAX_TTL_SECONDS} (15 minutes); got ${ttl}`)
  }
  const expiry = Math.floor((options.now ?? Date.now()) / 1000) + ttl
  return `v1.${expiry}.${toHex(hmacSha256(secret, payload(profileId, expiry)))}`
}

export type GrantRefusal = 'GRANT_MALFORMED' | 'GRANT_EXPIRED' | 'GRANT_TOO_LONG' | 'GRANT_INVALID'

export type GrantCheck =
  | { ok: true; expiresAt: number }
  | { ok: false; code: GrantRefusal; message: string }

/** Constant-time comparison of two equal-length hex strings. */
function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/**
 * Checks a grant for `profileId` at `now` (epoch ms) against each secret given (current first, then the previous
 * one during a rotation; empty entries are ignored). Never throws on a bad grant: says why it is refused.
 */
export function verifyGrant(grant: unknown, profileId: string, secrets: ReadonlyArray<string | undefined>, now: number): GrantCheck {
  const match = typeof grant === 'string' ? /^v1\.(\d{1,12})\.([0-9a-f]{64})$/.exec(grant) : null
  if (!match) return { ok: false, code: 'GRANT_MALFORMED', message: 'grant must be "v1.<expiry>.<hex signature>" as made by signGrant()' }
  const expiry = Number(match[1])
  const nowSeconds = now / 1000
  if (expiry <= nowSeconds) return { ok: false, code: 'GRANT_EXPIRED', message: `the grant expired at ${new Date(expiry * 1000).toISOString()}; sign a new one` }
  if (expiry > nowSeconds + GRANT_MAX_TTL_SECONDS + GRANT_CLOCK_SKEW_SECONDS) {
    return { ok: false, code: 'GRANT_TOO_LONG', message: `the grant lives beyond ${GRANT_MAX_TTL_SECONDS / 60} minutes; sign grants with ttlSeconds ≤ ${GRANT_MAX_TTL_SECONDS}` }
  }
  const signed = payload(profileId, expiry)
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < GRANT_MIN_SECRET_LENGTH) continue
    if (sameHex(toHex(hmacSha256(secret, signed)), match[2]!)) return { ok: true, expiresAt: expiry * 1000 }
  }
  return { ok: false, code: 'GRANT_INVALID', message: 'the grant is not signed for this profile with the edge\'s AUSPEX_GRANT_SECRET' }
}
