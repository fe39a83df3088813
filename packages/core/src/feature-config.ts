import { AuspexError } from './errors.ts'
import { CANONICAL_TYPES } from './vocabulary.ts'

/**
 * How features are built: the model's event vocabulary, the counting windows, the visit rule, the currency.
 * Version 2 replaced version 1's decayed counters (half-lives) with exact day windows, and dropped the pooled
 * "other" type: an event of a type outside `eventTypes` feeds no feature.
 */
export interface FeatureConfig {
  /** Format of this config and of the state it produces. */
  version: 2
  /** The event types the model knows, learned from training data: canonical types first, then custom ones. */
  eventTypes: string[]
  /**
   * Counting windows in days: a window of N days counts the events of the last N UTC calendar days, today
   * included. Default 1 (today), 7, 30, 90.
   */
  windowsDays: number[]
  /** A gap longer than this ends a visit. Default 30 minutes. */
  sessionGapMinutes: number
  /** Distinct items remembered per visit (bounds state size). Default 50. */
  maxSessionItems: number
  /** ISO 4217 code of the monetary values (e.g. "GBP"), when known: labels then show it. */
  currency?: string
}

export const DEFAULT_WINDOWS_DAYS = [1, 7, 30, 90]
/** Event types a model learns at most by default: every canonical type seen, then the most frequent custom ones. */
export const DEFAULT_MAX_EVENT_TYPES = 12

/**
 * Bounds every runtime enforces on a feature config, so that no artifact can make a visitor's state (kept per
 * goal and rewritten on every batch) large: with these, a default-config state stays ≤ 8 KB as JSON.
 */
export const FEATURE_LIMITS = {
  maxEventTypes: 32,
  maxWindows: 6,
  maxWindowDays: 400,
  minSessionGapMinutes: 1,
  maxSessionGapMinutes: 24 * 60,
  maxSessionItems: 200,
} as const

/** A feature config with defaults for every field not given. */
export function createFeatureConfig(options: Partial<Omit<FeatureConfig, 'version'>> & { eventTypes: string[] }): FeatureConfig {
  const config: FeatureConfig = {
    version: 2,
    eventTypes: [...options.eventTypes],
    windowsDays: [...(options.windowsDays ?? DEFAULT_WINDOWS_DAYS)],
    sessionGapMinutes: options.sessionGapMinutes ?? 30,
    maxSessionItems: options.maxSessionItems ?? 50,
  }
  if (options.currency !== undefined) config.currency = options.currency
  return validateFeatureConfig(config, 'features.config')
}

/**
 * Picks the event types a model knows: the `required` ones (the types its goal names: `typesNamedBy`), every
 * canonical type present (in the vocabulary's order), then the most frequent custom types (ties broken by name),
 * `max` in all (the required ones always stay).
 * @param counts event type → number of events in the training data
 */
export function learnEventTypes(counts: ReadonlyMap<string, number> | Record<string, number>, max = DEFAULT_MAX_EVENT_TYPES, required: readonly string[] = []): string[] {
  const entries = (counts instanceof Map ? [...counts.entries()] : Object.entries(counts)).filter(([, n]) => n > 0)
  const present = new Set(entries.map(([type]) => type))
  const canonical = Object.keys(CANONICAL_TYPES).filter((type) => present.has(type))
  const custom = entries
    .filter(([type]) => !Object.hasOwn(CANONICAL_TYPES, type))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([type]) => type)
  const learned = [...canonical, ...custom].filter((type) => !required.includes(type))
  const picked = new Set([...required, ...learned.slice(0, Math.max(0, max - required.length))])
  // in the vocabulary's order: canonical types first, then custom ones by frequency, then required ones never seen
  return [...canonical, ...custom, ...required].filter((type, i, all) => picked.has(type) && all.indexOf(type) === i)
}

const CURRENCY = /^[A-Z]{3}$/

/**
 * Validates a feature config read from an artifact, bounds included ({@link FEATURE_LIMITS}).
 * @throws {AuspexError} `UNSUPPORTED_FORMAT_VERSION` for another version, `INVALID_MODEL` naming the path.
 */
export function validateFeatureConfig(raw: unknown, path: string): FeatureConfig {
  const bad = (field: string, message: string): never => {
    throw new AuspexError('INVALID_MODEL', message, { path: `${path}${field}` })
  }
  if (typeof raw !== 'object' || raw === null) bad('', 'expected an object')
  const c = raw as Record<string, unknown>
  if (c.version !== 2) {
    throw new AuspexError('UNSUPPORTED_FORMAT_VERSION', `feature config version ${JSON.stringify(c.version)}; this build reads version 2: retrain the model`, { path: `${path}.version` })
  }
  const L = FEATURE_LIMITS
  const types = c.eventTypes
  if (!Array.isArray(types) || types.some((t) => typeof t !== 'string' || t === '' || t.length > 512)) bad('.eventTypes', 'expected an array of event type names')
  if ((types as string[]).length > L.maxEventTypes) bad('.eventTypes', `at most ${L.maxEventTypes} event types, got ${(types as string[]).length}`)
  if (new Set(types as string[]).size !== (types as string[]).length) bad('.eventTypes', 'event types must be distinct')
  const windows = c.windowsDays
  if (!Array.isArray(windows) || windows.length === 0 || windows.length > L.maxWindows) bad('.windowsDays', `expected 1 to ${L.maxWindows} windows in days`)
  const list = windows as unknown[]
  list.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 1 || w > L.maxWindowDays) {
      bad(`.windowsDays[${i}]`, `expected a whole number of days from 1 to ${L.maxWindowDays}`)
    }
    if (i > 0 && !((w as number) > (list[i - 1] as number))) bad(`.windowsDays[${i}]`, 'windows must be ascending')
  })
  const gap = c.sessionGapMinutes
  if (typeof gap !== 'number' || !(gap >= L.minSessionGapMinutes && gap <= L.maxSessionGapMinutes)) {
    bad('.sessionGapMinutes', `expected ${L.minSessionGapMinutes} to ${L.maxSessionGapMinutes} minutes`)
  }
  const items = c.maxSessionItems
  if (typeof items !== 'number' || !Number.isInteger(items) || items < 1 || items > L.maxSessionItems) bad('.maxSessionItems', `expected a whole number from 1 to ${L.maxSessionItems}`)
  if (c.currency !== undefined && (typeof c.currency !== 'string' || !CURRENCY.test(c.currency))) bad('.currency', 'expected an ISO 4217 code such as "GBP"')
  return c as unknown as FeatureConfig
}
