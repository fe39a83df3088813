import { AuspexError } from './errors.ts'
import type { GoalCondition, PredictionLike, Range, SegmentExpression, SegmentRule } from './segment-types.ts'

const BUCKETS = ['low', 'medium', 'high']
const IMPORTANCE = ['low', 'medium', 'high']
const LEAF_KEYS = ['goal', 'bucket', 'score', 'percentile', 'probability', 'factor', 'importance', 'direction']
const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/

type Predicate = (predictions: Readonly<Record<string, PredictionLike | null | undefined>>) => boolean

/** A validated, compiled segment: `matches(predictions by goal name)`. */
export interface Segment {
  readonly rule: SegmentRule
  readonly name: string
  /** goal names the rule reads */
  readonly goals: readonly string[]
  matches(predictions: Readonly<Record<string, PredictionLike | null | undefined>>): boolean
}

function bad(path: string, message: string): never {
  throw new AuspexError('INVALID_SEGMENT', message, { path })
}

/** `a` + `.b`, or just `b` at the top level. */
const at = (path: string, key: string) => (path === '' ? key : `${path}.${key}`)

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function oneOrMany(v: unknown, allowed: string[], path: string): string[] {
  const list = Array.isArray(v) ? v : [v]
  if (list.length === 0 || list.some((x) => typeof x !== 'string' || !allowed.includes(x))) bad(path, `expected one of ${allowed.join(', ')} (or an array of them), got ${JSON.stringify(v)}`)
  return list as string[]
}

function range(v: unknown, path: string, lo: number, hi: number): Range {
  if (!isObj(v)) bad(path, `expected { "min"?: number, "max"?: number } within ${lo}–${hi}`)
  for (const key of Object.keys(v)) if (key !== 'min' && key !== 'max') bad(at(path, `${key}`), 'unknown field; expected min or max')
  for (const key of ['min', 'max'] as const) {
    const x = v[key]
    if (x !== undefined && (typeof x !== 'number' || !(x >= lo && x <= hi))) bad(at(path, `${key}`), `expected a number within ${lo}–${hi}`)
  }
  if (v.min === undefined && v.max === undefined) bad(path, 'give min, max or both')
  if (typeof v.min === 'number' && typeof v.max === 'number' && v.min > v.max) bad(path, 'min must not exceed max')
  return v as Range
}

const inRange = (x: number, r: Range | undefined) => r === undefined || ((r.min === undefined || x >= r.min) && (r.max === undefined || x <= r.max))

function leaf(raw: Record<string, unknown>, path: string, goals: Set<string>): Predicate {
  for (const key of Object.keys(raw)) if (!LEAF_KEYS.includes(key)) bad(at(path, `${key}`), `unknown field; expected one of ${LEAF_KEYS.join(', ')}, or all/any/not`)
  if (typeof raw.goal !== 'string' || raw.goal === '') bad(at(path, `goal`), 'expected the name of a goal, e.g. "churn-90d"')
  const c = raw as unknown as GoalCondition
  const buckets = raw.bucket === undefined ? undefined : oneOrMany(raw.bucket, BUCKETS, at(path, `bucket`))
  const score = raw.score === undefined ? undefined : range(raw.score, at(path, `score`), 0, 100)
  const percentile = raw.percentile === undefined ? undefined : range(raw.percentile, at(path, `percentile`), 1, 100)
  const probability = raw.probability === undefined ? undefined : range(raw.probability, at(path, `probability`), 0, 1)
  if (raw.factor !== undefined && (typeof raw.factor !== 'string' || raw.factor === '')) bad(at(path, `factor`), 'expected a factor code, e.g. "days_since_purchase"')
  const importance = raw.importance === undefined ? undefined : oneOrMany(raw.importance, IMPORTANCE, at(path, `importance`))
  if (raw.direction !== undefined && raw.direction !== 'up' && raw.direction !== 'down') bad(at(path, `direction`), 'expected "up" or "down"')
  if ((importance || raw.direction) && raw.factor === undefined) bad(path || '$', '"importance" and "direction" need a "factor"')
  goals.add(c.goal)
  return (predictions) => {
    const p = predictions[c.goal]
    if (!p) return false
    if (buckets && !buckets.includes(p.bucket)) return false
    if (!inRange(p.score, score) || !inRange(p.percentile, percentile) || !inRange(p.probability, probability)) return false
    if (c.factor !== undefined) {
      const f = p.factors.find((x) => x.code === c.factor)
      if (!f) return false
      if (importance && !importance.includes(f.importance)) return false
      if (c.direction && f.direction !== c.direction) return false
    }
    return true
  }
}

function expression(raw: unknown, path: string, goals: Set<string>, top: boolean): Predicate {
  if (!isObj(raw)) bad(path || '$', 'expected an object: a goal condition, or { "all": [...] }, { "any": [...] }, { "not": {...} }')
  const keys = Object.keys(raw).filter((k) => !(top && (k === 'name' || k === 'description')))
  const combinator = keys.filter((k) => k === 'all' || k === 'any' || k === 'not')
  if (combinator.length > 1) bad(path || '$', `use one of all/any/not per object (found ${combinator.join(', ')}); nest them instead`)
  if (combinator.length === 1) {
    const key = combinator[0]!
    const extra = keys.find((k) => k !== key)
    if (extra) bad(at(path, `${extra}`), `unexpected beside "${key}"`)
    if (key === 'not') {
      const inner = expression(raw.not, at(path, `not`), goals, false)
      return (p) => !inner(p)
    }
    const list = raw[key]
    if (!Array.isArray(list) || list.length === 0) bad(at(path, `${key}`), 'expected a non-empty array of conditions')
    const parts = list.map((x, i) => expression(x, at(path, `${key}[${i}]`), goals, false))
    return key === 'all' ? (p) => parts.every((f) => f(p)) : (p) => parts.some((f) => f(p))
  }
  const body = Object.fromEntries(keys.map((k) => [k, raw[k]]))
  return leaf(body, path, goals)
}

/**
 * Validates and compiles a segment rule.
 * @throws {AuspexError} `INVALID_SEGMENT` whose `path` is the JSON path at fault (e.g. `all[1].importance`).
 * @example compileSegment({ name: 'rescue', all: [{ goal: 'churn-90d', bucket: 'high' }] }).matches({ 'churn-90d': prediction })
 */
export function compileSegment(raw: unknown): Segment {
  if (!isObj(raw)) bad('$', 'a segment must be a JSON object with a name and a rule')
  if (typeof raw.name !== 'string' || !NAME.test(raw.name)) bad('name', `expected a lower-case slug such as "likely-buyers", got ${JSON.stringify(raw.name)}`)
  if (raw.description !== undefined && typeof raw.description !== 'string') bad('description', 'expected a string')
  const goals = new Set<string>()
  const predicate = expression(raw, '', goals, true)
  return { rule: raw as unknown as SegmentRule, name: raw.name, goals: [...goals], matches: predicate }
}

/** Compiles a list of segments (e.g. a segments.json file); names must be unique. Paths are prefixed `[i]`. */
export function compileSegments(raw: unknown): Segment[] {
  if (!Array.isArray(raw)) bad('$', 'expected an array of segment rules')
  const names = new Set<string>()
  return raw.map((rule, i) => {
    try {
      const s = compileSegment(rule)
      if (names.has(s.name)) bad('name', `duplicate segment name ${JSON.stringify(s.name)}`)
      names.add(s.name)
      return s
    } catch (error) {
      if (error instanceof AuspexError) {
        const inner = error.path === undefined || error.path === '$' ? '' : error.path.startsWith('[') ? error.path : `.${error.path}`
        throw new AuspexError('INVALID_SEGMENT', error.message.replace(/^[^:]*: /, ''), { path: `[${i}]${inner}` })
      }
      throw error
    }
  })
}

/** Names of the segments that match, in rule order. */
export function matchingSegments(segments: readonly Segment[], predictions: Readonly<Record<string, PredictionLike | null | undefined>>): string[] {
  return segments.filter((s) => s.matches(predictions)).map((s) => s.name)
}
