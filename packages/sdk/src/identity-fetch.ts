import type { FeatureState } from '@auspex/core'
import { SdkError } from './errors.ts'
import type { FetchFn } from './model-fetch.ts'

/** One goal's part of a known customer's profile, as the edge stores it: the state as of `scoredAt` (ISO). */
export interface EdgeGoalState {
  modelVersion: string
  scoredAt: string
  state: FeatureState
}

/** `POST /v1/profiles/:id/state`'s answer. */
export interface EdgeProfileState {
  profileId: string
  goals: Record<string, EdgeGoalState>
}

const isGoalState = (v: unknown): v is EdgeGoalState => {
  const g = v as Partial<EdgeGoalState> | null
  return typeof g === 'object' && g !== null && typeof g.modelVersion === 'string' && typeof g.scoredAt === 'string' &&
    Number.isFinite(Date.parse(g.scoredAt)) && typeof g.state === 'object' && g.state !== null
}

/**
 * `POST {endpoint}/v1/profiles/:id/state` with the grant the site's backend signed for that id.
 * @throws {SdkError} `IDENTIFY_FAILED` on a network error or a malformed answer; the edge's own code (e.g.
 *   `GRANT_EXPIRED`, `PROFILE_NOT_FOUND`, `GRANTS_DISABLED`) with its message for an error answer
 */
export async function fetchProfileState(fetchFn: FetchFn, endpoint: string, profileId: string, grant: string): Promise<EdgeProfileState> {
  const url = `${endpoint.replace(/\/+$/, '')}/v1/profiles/${encodeURIComponent(profileId)}/state`
  let response: Response
  let body: unknown
  try {
    response = await fetchFn(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant }), credentials: 'omit' })
    body = await response.json().catch(() => null)
  } catch (error) {
    throw new SdkError('IDENTIFY_FAILED', `identify: POST ${url} failed (${(error as Error)?.message ?? error}); scoring from this device's events only`, { cause: error })
  }
  if (response.status !== 200) {
    const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error
    const code = typeof err?.code === 'string' ? err.code : 'IDENTIFY_FAILED'
    throw new SdkError(code, `identify: POST ${url} answered ${response.status}${typeof err?.message === 'string' ? ` (${err.message})` : ''}; scoring from this device's events only`)
  }
  const answer = body as Partial<EdgeProfileState> | null
  const goals = answer?.goals
  if (typeof goals !== 'object' || goals === null || !Object.values(goals).every(isGoalState)) {
    throw new SdkError('IDENTIFY_FAILED', `identify: POST ${url} did not return { profileId, goals: { <goal>: { modelVersion, scoredAt, state } } }; is the endpoint an Auspex edge with the profile store?`)
  }
  return { profileId, goals }
}
