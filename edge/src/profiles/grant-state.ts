/** `POST /v1/profiles/:id/state`: one profile's feature states, for a browser holding a grant for that profile. */
import { verifyGrant, type FeatureState, type ProfileRecord } from '@auspex/core'
import { isObject } from '../body.ts'
import type { Env } from '../env.ts'
import { EdgeError } from '../errors.ts'

/** The answer: per goal the state as of `scoredAt`, and the model version that built it. */
export interface GrantedState {
  profileId: string
  goals: Record<string, { modelVersion: string; scoredAt: string; state: FeatureState }>
}

/**
 * Checks the body `{ grant }` against the edge's grant secrets (current, then previous during a rotation).
 * @throws {EdgeError} 503 `GRANTS_DISABLED` without `AUSPEX_GRANT_SECRET`; 400 for a body without a grant; 401 with
 * the grant's refusal code (`GRANT_MALFORMED`, `GRANT_EXPIRED`, `GRANT_TOO_LONG`, `GRANT_INVALID`).
 */
export function checkGrant(env: Env, profileId: string, body: unknown, now: number): void {
  if (!env.AUSPEX_GRANT_SECRET) {
    throw new EdgeError(503, 'GRANTS_DISABLED', 'profile grants are disabled on this edge: it has no AUSPEX_GRANT_SECRET (wrangler secret put AUSPEX_GRANT_SECRET)')
  }
  if (!isObject(body) || typeof body.grant !== 'string') throw new EdgeError(400, 'INVALID_REQUEST', 'grant: expected { "grant": "v1.<expiry>.<signature>" } as signed by signGrant() on your backend')
  const check = verifyGrant(body.grant, profileId, [env.AUSPEX_GRANT_SECRET, env.AUSPEX_GRANT_SECRET_PREVIOUS], now)
  if (!check.ok) throw new EdgeError(401, check.code, check.message)
}

/** The record's states by goal. */
export function grantedState(record: ProfileRecord): GrantedState {
  const goals: GrantedState['goals'] = {}
  for (const [goal, g] of Object.entries(record.goals)) goals[goal] = { modelVersion: g.modelVersion, scoredAt: g.scoredAt, state: g.state }
  return { profileId: record.profileId, goals }
}
