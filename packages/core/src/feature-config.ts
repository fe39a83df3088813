import { AuspexError } from './errors.ts'

/** How features are built: which event types get their own features, the decay half-lives, the session rule. */
export interface FeatureConfig {
  /** Format of this config and of the state it produces. */
  version: 1
  /** Event types with their own features, learned from training data (top by frequency). Others pool as "other". */
  eventTypes: string[]
  /** Half-lives of the decayed counters, in hours. Default 1h, 1d, 7d, 30d, 90d. */
  halfLivesHours: number[]
  /** A gap longer than this ends a session. Default 30 minutes. */
  sessionGapMinutes: number
  /** Distinct items remembered per session (bounds state size). Default 50. */
  maxSessionItems: number
}

export const DEFAULT_HALF_LIVES_HOURS = [1, 24, 168, 720, 2160]
export const DEFAULT_MAX_EVENT_TYPES = 8

/** A feature config with defaults for every field not given. */
export function createFeatureConfig(options: Partial<FeatureConfig> & { eventTypes: string[] }): FeatureConfig {
  const config: FeatureConfig = {
    version: 1,
    eventTypes: [...options.eventTypes],
    halfLivesHours: [...(options.halfLivesHours ?? DEFAULT_HALF_LIVES_HOURS)],
    sessionGapMinutes: options.sessionGapMinutes ?? 30,
    maxSessionItems: options.maxSessionItems ?? 50,
  }
  return validateFeatureConfig(config, 'features.config')
}

/**
 * Picks the event types that get their own features: the `max` most frequent, ties broken by name.
 * @param counts event type → number of events in the training data
 */
export function learnEventTypes(counts: ReadonlyMap<string, number> | Record<string, number>, max = DEFAULT_MAX_EVENT_TYPES): string[] {
  const entries = counts instanceof Map ? [...counts.entries()] : Object.entries(counts)
  return entries
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map(([type]) => type)
}

/** Validates a feature config read from an artifact. @throws {AuspexError} `INVALID_MODEL` naming the path. */
export function validateFeatureConfig(raw: unknown, path: string): FeatureConfig {
  const bad = (field: string, message: string): never => {
    throw new AuspexError('INVALID_MODEL', message, { path: `${path}${field}` })
  }
  if (typeof raw !== 'object' || raw === null) bad('', 'expected an object')
  const c = raw as Record<string, unknown>
  if (c.version !== 1) bad('.version', `unsupported feature config version ${JSON.stringify(c.version)}; this build reads version 1`)
  if (!Array.isArray(c.eventTypes) || c.eventTypes.some((t) => typeof t !== 'string' || t === '')) bad('.eventTypes', 'expected an array of event type names')
  if (new Set(c.eventTypes as string[]).size !== (c.eventTypes as string[]).length) bad('.eventTypes', 'event types must be distinct')
  if (!Array.isArray(c.halfLivesHours) || c.halfLivesHours.length === 0 || c.halfLivesHours.some((h) => typeof h !== 'number' || !(h > 0))) {
    bad('.halfLivesHours', 'expected a non-empty array of positive numbers of hours')
  }
  if (typeof c.sessionGapMinutes !== 'number' || !(c.sessionGapMinutes > 0)) bad('.sessionGapMinutes', 'expected a positive number of minutes')
  if (typeof c.maxSessionItems !== 'number' || !Number.isInteger(c.maxSessionItems) || c.maxSessionItems < 1) bad('.maxSessionItems', 'expected a positive integer')
  return c as unknown as FeatureConfig
}
