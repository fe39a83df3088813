/**
 * The incremental feature state of one profile: plain JSON, versioned, O(features) in size.
 *
 * Windowed counts are exact: the state keeps, for the UTC days within the longest window of the newest event's
 * day (`daily`, ascending), how many events of each kind fell on each day — one array per counter, aligned with
 * `daily`. Reading "in the last 7 days" at `now` adds the days in (today − 7, today]. Only known event types
 * are counted (feature-reducer.ts); `unknown` counts the others.
 *
 * Size: with the default config (4 windows up to 90 days), a state is at most ~90 days × (counters) small
 * numbers; a test holds a profile active every day with every type to ≤ 8 KB of JSON.
 */
export const STATE_VERSION = 2

/** Aggregates of one event type (or of the goal's outcome, or of a custom event). */
export interface TypeState {
  /** events counted, all time */
  n: number
  /** money, all time: revenue for a purchase type, the amount given back for a return type, else 0 */
  v: number
  /** time of the newest, or null */
  last: number | null
  /** time of the oldest, or null */
  first: number | null
  /** events per day of `FeatureState.daily` */
  c: number[]
  /** money per day of `FeatureState.daily`, in whole hundredths (cents) of the currency (monetary types only) */
  s?: number[]
}

/** The newest visit (a gap of more than `sessionGapMinutes` starts a new one). */
export interface SessionState {
  /** visits started, all time */
  n: number
  start: number | null
  end: number | null
  events: number
  /** net money of the visit: purchases minus returns */
  value: number
  items: string[]
  /** events of each known type in this visit, in `config.eventTypes` order */
  types: number[]
}

export interface FeatureState {
  /** state format version ({@link STATE_VERSION}) */
  v: number
  /** key of the feature config + goal this state was built for; a model refuses a state with another key */
  key: string
  first: number | null
  last: number | null
  /** events of known types, all time */
  n: number
  /** net money, all time: purchases minus returns */
  value: number
  /** distinct UTC days with an event */
  days: number
  lastDay: number
  /** events that arrived older than the newest seen (merged by the out-of-order rule) */
  late: number
  /** events of types the model does not know: counted here, in no feature */
  unknown: number
  /** UTC day numbers (epoch ms / 86 400 000, floored) with a counted event, within the longest window, ascending */
  daily: number[]
  /** events per day of `daily` */
  all: number[]
  /** visits started per day of `daily` */
  visits: number[]
  session: SessionState
  /** one per `config.eventTypes` */
  types: TypeState[]
  outcome: TypeState
  custom: TypeState[]
  /** when each eligibility history condition (`require`, then `exclude`) last matched, or null */
  conds: Array<number | null>
}

export function emptyTypeState(monetary: boolean): TypeState {
  return monetary ? { n: 0, v: 0, last: null, first: null, c: [], s: [] } : { n: 0, v: 0, last: null, first: null, c: [] }
}

/**
 * Sum of `counts` over the days of `daily` in (`today` − `days`, `today`]: a window of `days` UTC calendar
 * days, today included. Scans from the newest day and stops at the window's start.
 */
export function windowSum(daily: readonly number[], counts: readonly number[], today: number, days: number): number {
  let sum = 0
  for (let i = daily.length - 1; i >= 0; i--) {
    const d = daily[i]!
    if (d > today) continue
    if (d <= today - days) break
    sum += counts[i]!
  }
  return sum
}
