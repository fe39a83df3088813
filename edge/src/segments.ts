import { AuspexError, canonicalJson, compileSegments, sha256Hex, type SegmentRule } from '@auspex/core'
import { isObject } from './body.ts'
import type { Env } from './env.ts'
import { EdgeError } from './errors.ts'

/** A stored segment set: immutable, its id derived from its content. */
export interface SegmentSet {
  version: string
  segments: SegmentRule[]
}

export const SEGMENTS_ACTIVE_KEY = 'segments/active'
export const segmentKey = (version: string) => `segments/${version}.json`
const SEGMENT_VERSION = /^seg-[0-9a-f]{16}$/

/** The content-derived id of a segment list: `seg-` + 16 hex digits of the SHA-256 of its canonical JSON. */
export function segmentVersion(segments: readonly unknown[]): string {
  return `seg-${sha256Hex(canonicalJson(segments)).slice(0, 16)}`
}

/** Validates a `PUT /v1/segments` body `{ "segments": [ … ] }` with core's `compileSegments`. @throws {EdgeError} 400 naming the JSON path. */
export function parseSegmentsBody(body: unknown, maxRules: number): SegmentRule[] {
  if (!isObject(body) || !Array.isArray(body.segments)) throw new EdgeError(400, 'INVALID_REQUEST', 'segments: expected { "segments": [ SegmentRule, … ] }')
  if (body.segments.length > maxRules) throw new EdgeError(400, 'INVALID_REQUEST', `segments: at most ${maxRules} rules, got ${body.segments.length}`)
  try {
    compileSegments(body.segments)
  } catch (error) {
    if (error instanceof AuspexError) throw new EdgeError(400, error.code, `segments${error.message}`)
    throw error
  }
  return body.segments as SegmentRule[]
}

/** Checks a segment version id from the URL. */
export function checkSegmentVersion(version: string): string {
  if (!SEGMENT_VERSION.test(version)) throw new EdgeError(400, 'INVALID_REQUEST', `version ${JSON.stringify(version)}: expected "seg-" followed by 16 hex digits`)
  return version
}

/** Stores the set create-only (same content = same key) and points `segments/active` at it. Returns whether it was new. */
export async function publishSegments(env: Env, segments: SegmentRule[]): Promise<{ version: string; created: boolean }> {
  const version = segmentVersion(segments)
  const set: SegmentSet = { version, segments }
  const stored = await env.MODELS.put(segmentKey(version), JSON.stringify(set), { onlyIf: { etagDoesNotMatch: '*' }, httpMetadata: { contentType: 'application/json' } })
  await env.REGISTRY.put(SEGMENTS_ACTIVE_KEY, JSON.stringify({ version, activatedAt: new Date().toISOString() }))
  return { version, created: stored !== null }
}

/** The active segment version, or null. */
export async function activeSegmentVersion(env: Env): Promise<string | null> {
  return (await env.REGISTRY.get<{ version: string }>(SEGMENTS_ACTIVE_KEY, 'json'))?.version ?? null
}

/** A stored segment set's JSON text, or null. */
export async function getSegmentSet(env: Env, version: string): Promise<string | null> {
  return (await env.MODELS.get(segmentKey(version)))?.text() ?? null
}
