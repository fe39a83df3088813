/**
 * A bucket PUT's body: JSON Lines, one core `ProfileRecord` a line, each checked field by field. The first problem
 * is refused with its line, the profile and the JSON path (`line 3 (profile "17850"): goals.purchase-30d.bucket: …`).
 */
import { PROFILE_RECORD_VERSION, parseIsoTimestamp, profileBucket, type ProfileRecord } from '@auspex/core'
import { isObject } from '../body.ts'
import { EdgeError } from '../errors.ts'
import { MAX_PROFILE_ID } from './layout.ts'
import type { BucketEntry } from './bucket-file.ts'
import { RecordIssue, checkState, num, shown } from './state-check.ts'

/** What a bucket's records must agree with: the generation's bucket count and goal → model version. */
export interface GenerationShape {
  generation: string
  buckets: number
  goals: Record<string, string>
}

const BUCKETS = ['low', 'medium', 'high']
const RECORD_FIELDS = new Set(['v', 'profileId', 'goals', 'segments'])
const GOAL_FIELDS = new Set(['probability', 'score', 'percentile', 'bucket', 'factors', 'modelVersion', 'scoredAt', 'state'])
const MAX_FACTORS = 64
const MAX_SEGMENTS = 200

function inRange(v: unknown, path: string, lo: number, hi: number): void {
  if (typeof v !== 'number' || !(v >= lo && v <= hi)) throw new RecordIssue(path, `expected a number in [${lo}, ${hi}], got ${shown(v)}`)
}

function checkFactors(v: unknown, path: string): void {
  if (!Array.isArray(v) || v.length > MAX_FACTORS) throw new RecordIssue(path, `expected an array of at most ${MAX_FACTORS} factors`)
  v.forEach((f, i) => {
    const at = `${path}[${i}]`
    if (!isObject(f)) throw new RecordIssue(at, 'expected a factor { code, label, value, contribution, importance, direction }')
    if (typeof f.code !== 'string' || typeof f.label !== 'string') throw new RecordIssue(at, 'code and label: expected strings')
    if (f.value !== null) num(f.value, `${at}.value`)
    num(f.contribution, `${at}.contribution`)
  })
}

function checkGoalRecord(v: unknown, path: string, version: string): void {
  if (!isObject(v)) throw new RecordIssue(path, 'expected { probability, score, percentile, bucket, factors, modelVersion, scoredAt, state }')
  const extra = Object.keys(v).find((k) => !GOAL_FIELDS.has(k))
  if (extra !== undefined) throw new RecordIssue(`${path}.${extra.slice(0, 64)}`, 'unknown field')
  inRange(v.probability, `${path}.probability`, 0, 1)
  inRange(v.score, `${path}.score`, 0, 100)
  inRange(v.percentile, `${path}.percentile`, 0, 100)
  if (typeof v.bucket !== 'string' || !BUCKETS.includes(v.bucket)) throw new RecordIssue(`${path}.bucket`, `expected one of ${BUCKETS.join(', ')}, got ${shown(v.bucket)}`)
  checkFactors(v.factors, `${path}.factors`)
  if (v.modelVersion !== version) {
    throw new RecordIssue(`${path}.modelVersion`, `expected ${JSON.stringify(version)}, the version this generation declared for the goal, got ${shown(v.modelVersion)}`)
  }
  if (typeof v.scoredAt !== 'string' || Number.isNaN(parseIsoTimestamp(v.scoredAt))) throw new RecordIssue(`${path}.scoredAt`, `expected an ISO 8601 time, got ${shown(v.scoredAt)}`)
  checkState(v.state, `${path}.state`)
}

/** Checks one parsed record against the generation and the bucket it is sent to. @throws {RecordIssue} */
export function checkRecord(v: unknown, shape: GenerationShape, bucket: number): ProfileRecord {
  if (!isObject(v)) throw new RecordIssue('$', 'expected a ProfileRecord object { v, profileId, goals, segments }')
  if (v.v !== PROFILE_RECORD_VERSION) {
    throw new RecordIssue('v', `profile record version ${shown(v.v)} is not the version this edge reads (${PROFILE_RECORD_VERSION}); upgrade the uploader`, 422, 'UNSUPPORTED_FORMAT_VERSION')
  }
  const extra = Object.keys(v).find((k) => !RECORD_FIELDS.has(k))
  if (extra !== undefined) throw new RecordIssue(extra.slice(0, 64), 'unknown field; a record holds v, profileId, goals and segments')
  const id = v.profileId
  if (typeof id !== 'string' || id === '' || id.length > MAX_PROFILE_ID) throw new RecordIssue('profileId', `expected a string of 1–${MAX_PROFILE_ID} characters`)
  const home = profileBucket(id, shape.buckets)
  if (home !== bucket) throw new RecordIssue('profileId', `belongs in bucket ${home} (profileBucket(id, ${shape.buckets})), not ${bucket}; group records with core's profileBucket`)
  if (!isObject(v.goals)) throw new RecordIssue('goals', 'expected an object { "<goal>": { … } }')
  for (const [goal, record] of Object.entries(v.goals)) {
    const version = shape.goals[goal]
    if (version === undefined) throw new RecordIssue(`goals.${goal.slice(0, 64)}`, `not a goal of this generation (${Object.keys(shape.goals).join(', ')})`)
    checkGoalRecord(record, `goals.${goal}`, version)
  }
  if (!Array.isArray(v.segments) || v.segments.length > MAX_SEGMENTS || v.segments.some((s) => typeof s !== 'string')) {
    throw new RecordIssue('segments', `expected an array of at most ${MAX_SEGMENTS} segment names`)
  }
  return v as unknown as ProfileRecord
}

/**
 * Parses and checks a bucket PUT's JSON Lines (blank lines skipped). Each entry keeps the record's JSON as sent, on
 * one line. @throws {EdgeError} 400 `INVALID_PROFILE_RECORD` / `INVALID_JSON` or 422 `UNSUPPORTED_FORMAT_VERSION`, naming the line.
 */
export function parseBucketBody(text: string, shape: GenerationShape, bucket: number, maxRecords: number): BucketEntry[] {
  const entries: BucketEntry[] = []
  const seen = new Set<string>()
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim()
    if (line === '') continue
    const where = `line ${i + 1}`
    if (entries.length >= maxRecords) throw new EdgeError(413, 'PAYLOAD_TOO_LARGE', `${where}: at most ${maxRecords} records per bucket; use more buckets`)
    // JSON.parse alone: the checks below read a record to a fixed depth (no recursion a deep line could overflow) and
    // require every number to be finite, so the body-wide depth and finiteness scans of other routes are not needed
    let value: unknown
    try {
      value = JSON.parse(line) as unknown
    } catch (error) {
      throw new EdgeError(400, 'INVALID_JSON', `${where}: not valid JSON (${(error as Error).message}); send one JSON ProfileRecord per line (application/x-ndjson)`)
    }
    const id = isObject(value) && typeof value.profileId === 'string' ? ` (profile ${JSON.stringify(value.profileId.slice(0, 64))})` : ''
    try {
      const record = checkRecord(value, shape, bucket)
      if (seen.has(record.profileId)) throw new RecordIssue('profileId', 'a second record of this profile in the bucket; send one record per profile')
      seen.add(record.profileId)
      entries.push({ id: record.profileId, text: line })
    } catch (error) {
      if (!(error instanceof RecordIssue)) throw error
      throw new EdgeError(error.status, error.code, `${where}${id}: ${error.path}: ${error.message}`)
    }
  }
  return entries
}
