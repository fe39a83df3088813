/**
 * The shape of a stored feature state (core's `FeatureState`), checked when a bucket is uploaded: the score and
 * grant routes hand the state to core's feature readers and to browsers, which trust its arrays to line up.
 * Whether it fits the active model (its `key`) is checked when it is scored, not here.
 */
import { STATE_VERSION, type FeatureState } from '@auspex/core'
import { isObject } from '../body.ts'

/** A problem at a JSON path inside one record; the caller adds the line. `status` 422 = a format the store refuses. */
export class RecordIssue extends Error {
  override readonly name = 'RecordIssue'
  constructor(readonly path: string, message: string, readonly status: 400 | 422 = 400, readonly code = 'INVALID_PROFILE_RECORD') {
    super(message)
  }
}

/** Longest per-day arrays: the longest window (≤ 400 days) and the day being added. */
const MAX_DAYS = 402
const MAX_SLOTS = 64

/** A value for an error message, cut short (a number as JS prints it: `Infinity` for a literal beyond a double). */
export const shown = (v: unknown) => (typeof v === 'number' ? String(v) : JSON.stringify(v) ?? String(v)).slice(0, 64)

export function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RecordIssue(path, `expected a finite number, got ${shown(v)}`)
  return v
}
function time(v: unknown, path: string): number | null {
  return v === null ? null : num(v, path)
}
function nums(v: unknown, path: string, length?: number): number[] {
  if (!Array.isArray(v) || v.length > MAX_DAYS) throw new RecordIssue(path, `expected an array of at most ${MAX_DAYS} numbers`)
  if (length !== undefined && v.length !== length) throw new RecordIssue(path, `expected ${length} entries (one per day of daily), got ${v.length}`)
  v.forEach((x, i) => num(x, `${path}[${i}]`))
  return v as number[]
}
function obj(v: unknown, path: string): Record<string, unknown> {
  if (!isObject(v)) throw new RecordIssue(path, `expected an object, got ${shown(v)}`)
  return v
}
function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v) || v.length > MAX_SLOTS) throw new RecordIssue(path, `expected an array of at most ${MAX_SLOTS} entries`)
  return v
}

function checkTypeState(v: unknown, path: string, days: number): void {
  const t = obj(v, path)
  num(t.n, `${path}.n`)
  num(t.v, `${path}.v`)
  time(t.last, `${path}.last`)
  time(t.first, `${path}.first`)
  nums(t.c, `${path}.c`, days)
  if (t.s !== undefined) nums(t.s, `${path}.s`, days)
}

/** Checks a feature state's structure at `path`. @throws {RecordIssue} naming the path. */
export function checkState(value: unknown, path: string): FeatureState {
  const s = obj(value, path)
  if (s.v !== STATE_VERSION) {
    throw new RecordIssue(`${path}.v`, `feature state version ${shown(s.v)} is not the version this edge reads (${STATE_VERSION}); ` +
      're-run auspex score --publish-profiles with the current trainer', 422, 'UNSUPPORTED_FORMAT_VERSION')
  }
  if (typeof s.key !== 'string' || s.key === '' || s.key.length > 64) throw new RecordIssue(`${path}.key`, 'expected the feature key (a short string)')
  for (const field of ['n', 'value', 'days', 'lastDay', 'late', 'unknown'] as const) num(s[field], `${path}.${field}`)
  time(s.first, `${path}.first`)
  time(s.last, `${path}.last`)
  const days = nums(s.daily, `${path}.daily`).length
  nums(s.all, `${path}.all`, days)
  nums(s.visits, `${path}.visits`, days)
  const types = list(s.types, `${path}.types`)
  types.forEach((t, i) => checkTypeState(t, `${path}.types[${i}]`, days))
  checkTypeState(s.outcome, `${path}.outcome`, days)
  list(s.custom, `${path}.custom`).forEach((t, i) => checkTypeState(t, `${path}.custom[${i}]`, days))
  list(s.conds, `${path}.conds`).forEach((c, i) => time(c, `${path}.conds[${i}]`))
  const session = obj(s.session, `${path}.session`)
  for (const field of ['n', 'events', 'value'] as const) num(session[field], `${path}.session.${field}`)
  time(session.start, `${path}.session.start`)
  time(session.end, `${path}.session.end`)
  const items = session.items
  if (!Array.isArray(items) || items.length > 1000 || items.some((x) => typeof x !== 'string')) {
    throw new RecordIssue(`${path}.session.items`, 'expected an array of item ids (strings)')
  }
  const visitTypes = list(session.types, `${path}.session.types`)
  if (visitTypes.length !== types.length) throw new RecordIssue(`${path}.session.types`, `expected ${types.length} counts (one per entry of types)`)
  visitTypes.forEach((x, i) => num(x, `${path}.session.types[${i}]`))
  return s as unknown as FeatureState
}
