import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { GRANT_MAX_TTL_SECONDS, hmacSha256, signGrant, verifyGrant } from './grant.ts'
import { toHex } from './hash.ts'
import { profileBucket, profileView, type ProfileRecord } from './profile-record.ts'

const SECRET = 'a'.repeat(16) + 'b'.repeat(16)
const OTHER = 'c'.repeat(40)
const NOW = Date.UTC(2026, 11, 5, 12)

describe('hmacSha256', () => {
  it('matches RFC 4231 test case 2 and node:crypto on any key and message', () => {
    expect(toHex(hmacSha256('Jefe', 'what do ya want for nothing?'))).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843')
    fc.assert(fc.property(fc.string({ maxLength: 150 }), fc.string({ maxLength: 300 }), (key, message) => {
      expect(toHex(hmacSha256(key, message))).toBe(createHmac('sha256', key).update(message).digest('hex'))
    }), { numRuns: 200 })
  })
})

describe('grants', () => {
  it('a grant signed for a profile verifies for it, until it expires', () => {
    const grant = signGrant(SECRET, 'cust-42', { now: NOW, ttlSeconds: 300 })
    expect(grant).toMatch(/^v1\.\d+\.[0-9a-f]{64}$/)
    expect(verifyGrant(grant, 'cust-42', [SECRET], NOW)).toEqual({ ok: true, expiresAt: NOW + 300_000 })
    expect(verifyGrant(grant, 'cust-42', [SECRET], NOW + 300_000)).toMatchObject({ ok: false, code: 'GRANT_EXPIRED' })
  })

  it('is refused for another profile, another secret, or a tampered expiry', () => {
    const grant = signGrant(SECRET, 'cust-42', { now: NOW })
    expect(verifyGrant(grant, 'cust-43', [SECRET], NOW)).toMatchObject({ ok: false, code: 'GRANT_INVALID' })
    expect(verifyGrant(grant, 'cust-42', [OTHER], NOW)).toMatchObject({ ok: false, code: 'GRANT_INVALID' })
    const [, expiry, sig] = grant.split('.')
    expect(verifyGrant(`v1.${Number(expiry) + 60}.${sig}`, 'cust-42', [SECRET], NOW)).toMatchObject({ ok: false, code: 'GRANT_INVALID' })
  })

  it('accepts either of two secrets while keys rotate; ignores empty ones', () => {
    const old = signGrant(OTHER, 'x', { now: NOW })
    expect(verifyGrant(old, 'x', [SECRET, OTHER], NOW).ok).toBe(true)
    expect(verifyGrant(old, 'x', [SECRET, undefined, ''], NOW).ok).toBe(false)
  })

  it('refuses grants that live beyond 15 minutes, and malformed ones', () => {
    expect(() => signGrant(SECRET, 'x', { ttlSeconds: GRANT_MAX_TTL_SECONDS + 1 })).toThrow(/ttlSeconds/)
    const expiry = Math.floor(NOW / 1000) + 3600
    const forged = `v1.${expiry}.${toHex(hmacSha256(SECRET, `auspex-grant/v1\n${expiry}\nx`))}`
    expect(verifyGrant(forged, 'x', [SECRET], NOW)).toMatchObject({ ok: false, code: 'GRANT_TOO_LONG' })
    for (const bad of [undefined, 42, '', 'v1.1.zz', 'v2.1.' + '0'.repeat(64)]) expect(verifyGrant(bad, 'x', [SECRET], NOW)).toMatchObject({ ok: false, code: 'GRANT_MALFORMED' })
  })

  it('refuses short secrets and empty ids with the fix', () => {
    expect(() => signGrant('short', 'x')).toThrow(/AUSPEX_GRANT_SECRET.*openssl rand -hex 32/)
    expect(() => signGrant(SECRET, '')).toThrow(/profileId/)
  })
})

describe('profile records', () => {
  it('profileBucket spreads ids evenly and is stable', () => {
    const counts = new Array<number>(16).fill(0)
    for (let i = 0; i < 16_000; i++) counts[profileBucket(`customer-${i}`, 16)]!++
    for (const c of counts) expect(c).toBeGreaterThan(850)
    expect(profileBucket('17850', 1024)).toBe(profileBucket('17850', 1024))
    expect(profileBucket('17850', 1)).toBe(0)
  })

  it('profileView drops the states', () => {
    const record = { v: 1, profileId: 'p', segments: ['s'], goals: { g: { probability: 0.5, score: 50, percentile: 50, bucket: 'medium', factors: [], modelVersion: 'v', scoredAt: '2026-01-01T00:00:00.000Z', state: { v: 2 } } } } as unknown as ProfileRecord
    const view = profileView(record)
    expect(view.goals.g).not.toHaveProperty('state')
    expect(view).toEqual({ profileId: 'p', segments: ['s'], goals: { g: { probability: 0.5, score: 50, percentile: 50, bucket: 'medium', factors: [], modelVersion: 'v', scoredAt: '2026-01-01T00:00:00.000Z' } } })
  })
})
