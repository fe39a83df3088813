import { TELEMETRY_BINS as BINS, utcDay, type TelemetryReport as Report } from '@auspex/core'
import { isObject } from './body.ts'
import { EdgeError } from './errors.ts'
import { checkGoal, checkVersion } from './registry.ts'

/**
 * Bounds of one `POST /v1/telemetry` report: the poisoning limits. A report adds at most `reportCount` scores to one
 * (goal, version, day) histogram and at most `unknownTypes` type names, each counted at most `unknownCount` times.
 */
export const TELEMETRY_BOUNDS = {
  bodyBytes: 8192,
  reportCount: 1000,
  unknownTypes: 20,
  unknownTypeChars: 64,
  unknownCount: 1000,
  /** a report may describe today or one of the 7 days before it (UTC) */
  pastDays: 7,
} as const

/** A checked report (core's {@link Report}): `unknownTypes` always present. */
export type TelemetryReport = Required<Report>

const DAY = /^\d{4}-\d{2}-\d{2}$/

const bad = (message: string) => new EdgeError(400, 'INVALID_REQUEST', message)

function count(value: unknown, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw bad(`${field}: expected an integer from 0 to ${max}, got ${JSON.stringify(value)}`)
  }
  return value
}

function checkDay(value: unknown, now: number): string {
  const today = utcDay(now)
  const earliest = utcDay(now, -TELEMETRY_BOUNDS.pastDays)
  if (typeof value !== 'string' || !DAY.test(value) || utcDay(Date.parse(`${value}T00:00:00Z`) || 0) !== value) {
    throw bad(`day: expected a UTC date "YYYY-MM-DD", got ${JSON.stringify(value)}`)
  }
  if (value > today) throw bad(`day: ${value} is in the future (today is ${today} UTC)`)
  if (value < earliest) throw bad(`day: ${value} is more than ${TELEMETRY_BOUNDS.pastDays} days ago; send reports from ${earliest} on`)
  return value
}

function checkHistogram(value: unknown): number[] {
  if (!Array.isArray(value) || value.length !== BINS) {
    throw bad(`histogram: expected an array of ${BINS} counts (bin i holds scores in [i/${BINS}, (i+1)/${BINS}))`)
  }
  const histogram = value.map((c, i) => count(c, `histogram[${i}]`, TELEMETRY_BOUNDS.reportCount))
  const n = histogram.reduce((sum, c) => sum + c, 0)
  if (n < 1 || n > TELEMETRY_BOUNDS.reportCount) {
    throw bad(`histogram: the counts must add up to 1 … ${TELEMETRY_BOUNDS.reportCount} scores per report, got ${n}`)
  }
  return histogram
}

function checkUnknownTypes(value: unknown): Record<string, number> {
  if (value === undefined) return {}
  if (!isObject(value)) throw bad('unknownTypes: expected an object { "<event type>": count }')
  const entries = Object.entries(value)
  if (entries.length > TELEMETRY_BOUNDS.unknownTypes) {
    throw bad(`unknownTypes: at most ${TELEMETRY_BOUNDS.unknownTypes} types per report, got ${entries.length}`)
  }
  for (const [type, c] of entries) {
    if (type.length === 0 || type.length > TELEMETRY_BOUNDS.unknownTypeChars) {
      throw bad(`unknownTypes: type names have 1 … ${TELEMETRY_BOUNDS.unknownTypeChars} characters, got ${JSON.stringify(type.slice(0, 80))}`)
    }
    count(c, `unknownTypes[${JSON.stringify(type)}]`, TELEMETRY_BOUNDS.unknownCount)
  }
  // fromEntries defines own properties: a type named "__proto__" stays a count, not a prototype
  return Object.fromEntries(entries) as Record<string, number>
}

/**
 * Validates a `POST /v1/telemetry` body `{ goal, version, day, histogram, unknownTypes? }` at time `now`.
 * Unknown top-level fields are refused, so that nothing but aggregates (no ids, no events) can be sent.
 * @throws {EdgeError} 400 `INVALID_REQUEST` naming the field.
 */
export function parseTelemetryReport(body: unknown, now: number): TelemetryReport {
  if (!isObject(body)) throw bad('expected a JSON object { goal, version, day, histogram, unknownTypes? }')
  const extra = Object.keys(body).filter((k) => !['goal', 'version', 'day', 'histogram', 'unknownTypes'].includes(k))
  if (extra.length > 0) throw bad(`${extra[0]!.slice(0, 64)}: unknown field; a report holds only goal, version, day, histogram, unknownTypes`)
  if (typeof body.goal !== 'string') throw bad(`goal: expected a goal name, got ${JSON.stringify(body.goal)}`)
  return {
    goal: checkGoal(body.goal),
    version: checkVersion(body.version),
    day: checkDay(body.day, now),
    histogram: checkHistogram(body.histogram),
    unknownTypes: checkUnknownTypes(body.unknownTypes),
  }
}
