/** Helpers of the profile store's workerd tests: records built by core, generations uploaded through the routes. */
import {
  buildState, loadModel, normalizeEvents, profileBucket, signGrant, type EventInput, type Model, type ModelArtifact, type ProfileRecord,
} from '@auspex/core'
import { env } from 'cloudflare:workers'
import { expect } from 'vitest'
import type { Env } from '../src/env.ts'
import { activate, call, upload } from './support.ts'

/** The Worker's bindings, typed (the pool's `env` type does not carry them). */
export const bindings = env as unknown as Env

export const PROFILE_TOKEN = 'test-profile-token-9876543210'
export const GRANT_SECRET = 'test-grant-secret-0123456789abcdef0123456789'
export const PREVIOUS_GRANT_SECRET = 'test-grant-secret-previous-0123456789abcdef'

/** Uploads and activates `artifact`; its parsed model. */
export async function publish(artifact: ModelArtifact): Promise<Model> {
  expect((await upload(artifact)).status).toBe(201)
  expect((await activate(artifact.goal.name, artifact.version)).status).toBe(200)
  return loadModel(artifact)
}

/** Events of `profileId` (core's event inputs; the profile filled in). */
export function events(profileId: string, inputs: Array<Omit<EventInput, 'profileId'>>) {
  const { events: out, errors } = normalizeEvents(inputs.map((e) => ({ ...e, profileId })))
  expect(errors).toEqual([])
  return out
}

/** The record `auspex score --publish-profiles` would upload: each model's score and state of `history` at `scoredAt`. */
export function record(profileId: string, models: Model[], history: Array<Omit<EventInput, 'profileId'>>, scoredAt: number, segments: string[] = []): ProfileRecord {
  const goals: ProfileRecord['goals'] = {}
  for (const model of models) {
    const state = buildState(model.engine, events(profileId, history), scoredAt)
    const p = model.predict(state, scoredAt)
    goals[model.goal.name] = {
      probability: p.probability, score: p.score, percentile: p.percentile, bucket: p.bucket, factors: p.factors,
      modelVersion: model.version, scoredAt: new Date(scoredAt).toISOString(), state,
    }
  }
  return { v: 1, profileId, goals, segments }
}

/** POST /v1/profiles/generations; the new generation's id. */
export async function createGeneration(buckets: number, goals: Record<string, string>, scoredAt: number, profiles = 0): Promise<string> {
  const res = await call('/v1/profiles/generations', { method: 'POST', body: JSON.stringify({ buckets, goals, scoredAt: new Date(scoredAt).toISOString(), profiles }) })
  expect(res.status).toBe(201)
  return ((await res.json()) as { generation: string }).generation
}

/** PUT one bucket (the records as JSON Lines). */
export function putBucket(generation: string, bucket: number, records: ProfileRecord[], token?: string | null): Promise<Response> {
  return call(`/v1/profiles/generations/${generation}/buckets/${bucket}`, {
    method: 'PUT', body: records.map((r) => JSON.stringify(r)).join('\n'), headers: { 'content-type': 'application/x-ndjson' }, token,
  })
}

/** PUTs every bucket of `records` (empty ones too), as the uploader does. */
export async function putAll(generation: string, buckets: number, records: ProfileRecord[], only?: (bucket: number) => boolean): Promise<void> {
  for (let b = 0; b < buckets; b++) {
    if (only && !only(b)) continue
    const res = await putBucket(generation, b, records.filter((r) => profileBucket(r.profileId, buckets) === b))
    expect(res.status, await res.clone().text()).toBe(200)
  }
}

/** POST …/commit. */
export function commit(generation: string, token?: string | null): Promise<Response> {
  return call(`/v1/profiles/generations/${generation}/commit`, { method: 'POST', token })
}

/** A generation of `records`, uploaded and committed; its id. */
export async function publishProfiles(records: ProfileRecord[], models: Model[], scoredAt: number, buckets = 4): Promise<string> {
  const goals = Object.fromEntries(models.map((m) => [m.goal.name, m.version]))
  const generation = await createGeneration(buckets, goals, scoredAt, records.length)
  await putAll(generation, buckets, records)
  const res = await commit(generation)
  expect(res.status, await res.clone().text()).toBe(200)
  return generation
}

/** GET /v1/profiles/:id with the profile token (or `token`). */
export function getProfile(profileId: string, token: string | null = PROFILE_TOKEN): Promise<Response> {
  return call(`/v1/profiles/${encodeURIComponent(profileId)}`, { token })
}

/** POST /v1/profiles/:id/score. */
export function liveScore(profileId: string, body: unknown, token: string | null = PROFILE_TOKEN): Promise<Response> {
  return call(`/v1/profiles/${encodeURIComponent(profileId)}/score`, { method: 'POST', body: JSON.stringify(body), token })
}

/** DELETE /v1/profiles/:id. */
export function erase(profileId: string, token: string | null = PROFILE_TOKEN): Promise<Response> {
  return call(`/v1/profiles/${encodeURIComponent(profileId)}`, { method: 'DELETE', token })
}

/** POST /v1/profiles/:id/state with a grant (no token). */
export function grantState(profileId: string, grant: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return call(`/v1/profiles/${encodeURIComponent(profileId)}/state`, { method: 'POST', body: JSON.stringify({ grant }), token: null, headers })
}

/** A grant for `profileId` signed with `secret` (default: the edge's). */
export function grant(profileId: string, secret = GRANT_SECRET, options: { ttlSeconds?: number; now?: number } = {}): string {
  return signGrant(secret, profileId, options)
}
