import { AuspexError } from './errors.ts'
import { parseDuration } from './duration.ts'
import { canonicalType } from './vocabulary.ts'
import { OPERATORS, type Condition, type CustomEvent, type Eligibility, type EventCondition, type GoalSpec, type HistoryCondition, type Operator } from './goal-types.ts'

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/
const FIELD = /^(type|value|item|profileId|timestamp|attributes\.[^\s]+)$/
const GOAL_KEYS = ['name', 'propensity', 'outcome', 'window', 'eligible', 'customEvents', 'description']

function invalid(path: string, message: string): never {
  throw new AuspexError('INVALID_GOAL', message, { path })
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function parseCondition(raw: unknown, path: string): Condition {
  if (!isObject(raw)) invalid(path, 'expected an object like { "field": "value", "op": ">", "value": 0 }')
  if (typeof raw.field !== 'string' || !FIELD.test(raw.field)) {
    invalid(`${path}.field`, `expected one of type, value, item, profileId, timestamp or attributes.<name>, got ${JSON.stringify(raw.field)}`)
  }
  if (!OPERATORS.includes(raw.op as Operator)) {
    invalid(`${path}.op`, `unknown operator ${JSON.stringify(raw.op)}; expected one of ${OPERATORS.join(' ')}`)
  }
  const op = raw.op as Operator
  const value = raw.value
  if (op === 'exists') {
    if (value !== undefined && typeof value !== 'boolean') invalid(`${path}.value`, '"exists" takes no value, or true/false')
  } else if (op === 'in') {
    if (!Array.isArray(value) || value.length === 0) invalid(`${path}.value`, '"in" needs a non-empty array of values')
  } else if (op === '>' || op === '>=' || op === '<' || op === '<=') {
    if (typeof value !== 'number' && typeof value !== 'string') invalid(`${path}.value`, `"${op}" needs a number (or a string to compare)`)
  } else if (op === 'contains') {
    if (typeof value !== 'string') invalid(`${path}.value`, '"contains" needs a string')
  } else if (value === undefined) {
    invalid(`${path}.value`, `"${op}" needs a value`)
  }
  if (value === undefined) return { field: raw.field, op }
  // a condition on the event's type speaks the same vocabulary as the `type` of a condition
  if (raw.field === 'type' && typeof value === 'string') return { field: raw.field, op, value: canonicalType(value) }
  if (raw.field === 'type' && Array.isArray(value)) return { field: raw.field, op, value: value.map((v) => (typeof v === 'string' ? canonicalType(v) : v)) }
  return { field: raw.field, op, value }
}

function parseEventCondition(raw: unknown, path: string): EventCondition {
  if (!isObject(raw)) invalid(path, 'expected an event condition like { "type": "purchase", "where": [ … ] }')
  const out: EventCondition = {}
  if (raw.type !== undefined) {
    if (typeof raw.type !== 'string' || raw.type === '') invalid(`${path}.type`, 'expected a non-empty event type')
    // a GA4, Segment or XDM name ("commerce.purchases", "Order Completed") means the canonical type
    out.type = canonicalType(raw.type)
  }
  if (raw.where !== undefined) {
    if (!Array.isArray(raw.where)) invalid(`${path}.where`, 'expected an array of conditions')
    out.where = raw.where.map((c, i) => parseCondition(c, `${path}.where[${i}]`))
  }
  if (out.type === undefined && (out.where === undefined || out.where.length === 0)) {
    invalid(path, 'needs a "type" or at least one "where" condition')
  }
  return out
}

function parseConditionList(raw: unknown, path: string): EventCondition[] {
  if (!Array.isArray(raw) || raw.length === 0) invalid(path, 'expected a non-empty array of event conditions')
  return raw.map((c, i) => parseEventCondition(c, `${path}[${i}]`))
}

const ELIGIBLE_KEYS = ['activeWithin', 'require', 'exclude', 'afterOutcome']
/** At most this many `require` + `exclude` conditions: each is a slot in every profile's state. */
export const MAX_HISTORY_CONDITIONS = 8

function parseHistoryList(raw: unknown, path: string): HistoryCondition[] {
  if (!Array.isArray(raw)) invalid(path, 'expected an array of event conditions like { "type": "enrol", "within": "90d" }')
  return raw.map((c, i) => {
    const at = `${path}[${i}]`
    if (!isObject(c)) invalid(at, 'expected an event condition like { "type": "enrol", "within": "90d" }')
    for (const key of Object.keys(c)) if (!['type', 'where', 'within'].includes(key)) invalid(`${at}.${key}`, 'unknown field; expected type, where or within')
    const condition: HistoryCondition = parseEventCondition({ type: c.type, where: c.where }, at)
    if (c.within !== undefined) {
      parseDuration(c.within, `${at}.within`)
      condition.within = String(c.within)
    }
    return condition
  })
}

function parseEligibility(raw: unknown): Eligibility {
  if (!isObject(raw)) invalid('eligible', 'expected { "activeWithin": "45d", "require"?: […], "exclude"?: […], "afterOutcome"?: "keep" | "exclude" }')
  for (const key of Object.keys(raw)) if (!ELIGIBLE_KEYS.includes(key)) invalid(`eligible.${key}`, `unknown field; expected one of ${ELIGIBLE_KEYS.join(', ')}`)
  const out: Eligibility = {}
  if (raw.activeWithin !== undefined) {
    parseDuration(raw.activeWithin, 'eligible.activeWithin')
    out.activeWithin = String(raw.activeWithin)
  }
  if (raw.require !== undefined) out.require = parseHistoryList(raw.require, 'eligible.require')
  if (raw.exclude !== undefined) out.exclude = parseHistoryList(raw.exclude, 'eligible.exclude')
  if ((out.require?.length ?? 0) + (out.exclude?.length ?? 0) > MAX_HISTORY_CONDITIONS) {
    invalid('eligible', `at most ${MAX_HISTORY_CONDITIONS} require and exclude conditions in all`)
  }
  if (raw.afterOutcome !== undefined) {
    if (raw.afterOutcome !== 'keep' && raw.afterOutcome !== 'exclude') invalid('eligible.afterOutcome', `expected "keep" or "exclude", got ${JSON.stringify(raw.afterOutcome)}`)
    out.afterOutcome = raw.afterOutcome
  }
  return out
}

/**
 * Validates a goal (parsed JSON) and returns it typed and normalised.
 * @throws {AuspexError} `INVALID_GOAL` whose `path` is the JSON path at fault, e.g.
 *   `outcome.anyOf[0].where[1].op: unknown operator "=="; expected one of = != > >= < <= in contains exists`.
 */
export function parseGoal(raw: unknown): GoalSpec {
  if (!isObject(raw)) invalid('$', 'a goal must be a JSON object with name, propensity, outcome and window')
  for (const key of Object.keys(raw)) {
    if (!GOAL_KEYS.includes(key)) invalid(key, `unknown field; expected one of ${GOAL_KEYS.join(', ')}`)
  }
  if (typeof raw.name !== 'string' || !NAME.test(raw.name)) {
    invalid('name', `expected a lower-case slug (a-z, 0-9, ".", "_", "-"; at most 64 characters) such as "purchase-30d", got ${JSON.stringify(raw.name)}`)
  }
  if (raw.propensity !== 'conversion' && raw.propensity !== 'churn') {
    invalid('propensity', `expected "conversion" or "churn", got ${JSON.stringify(raw.propensity)}`)
  }
  if (!isObject(raw.outcome)) invalid('outcome', 'expected { "anyOf": [ … ] } or { "allOf": [ … ] }')
  const hasAny = 'anyOf' in raw.outcome
  const hasAll = 'allOf' in raw.outcome
  if (hasAny === hasAll) invalid('outcome', 'expected exactly one of "anyOf" or "allOf"')
  const outcome = hasAny
    ? { anyOf: parseConditionList(raw.outcome.anyOf, 'outcome.anyOf') }
    : { allOf: parseConditionList(raw.outcome.allOf, 'outcome.allOf') }
  parseDuration(raw.window, 'window')
  const goal: GoalSpec = { name: raw.name, propensity: raw.propensity, outcome, window: String(raw.window) }
  if (raw.eligible !== undefined) goal.eligible = parseEligibility(raw.eligible)
  if (raw.customEvents !== undefined) {
    if (!Array.isArray(raw.customEvents)) invalid('customEvents', 'expected an array of { "name", "type"?, "where"? }')
    const names = new Set<string>()
    goal.customEvents = raw.customEvents.map((c, i): CustomEvent => {
      const path = `customEvents[${i}]`
      if (!isObject(c) || typeof c.name !== 'string' || c.name.trim() === '') invalid(`${path}.name`, 'expected a non-empty name such as "Viewed pricing"')
      if (names.has(c.name)) invalid(`${path}.name`, `duplicate custom event name ${JSON.stringify(c.name)}`)
      names.add(c.name)
      return { name: c.name, ...parseEventCondition({ type: c.type, where: c.where }, path) }
    })
  }
  if (raw.description !== undefined) {
    if (typeof raw.description !== 'string') invalid('description', 'expected a string')
    goal.description = raw.description
  }
  return goal
}
