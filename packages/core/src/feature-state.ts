/**
 * The incremental feature state of one profile: plain JSON, versioned, O(features) in size.
 *
 * Decayed counters are kept at the time of the newest event they counted (`t`); reading them at a later
 * `now` multiplies by 2^(-(now - t) / halfLife). Updating is O(1) per event: only the counters the event
 * touches (all events, its type, the goal's outcome, matching custom events) are decayed and incremented.
 */
export const STATE_VERSION = 1

/** Decayed counts (`c`) and, optionally, decayed value sums (`s`), one per half-life, as of time `t`. */
export interface DecayedCounter {
  t: number
  c: number[]
  s?: number[]
}

/** Aggregates of one event type (or of the goal's outcome, or of a custom event). */
export interface TypeState {
  /** events counted, all time */
  n: number
  /** sum of their values, all time */
  v: number
  /** time of the newest, or null */
  last: number | null
  d: DecayedCounter
}

/** The newest session (a gap of more than `sessionGapMinutes` starts a new one). */
export interface SessionState {
  /** sessions started, all time */
  n: number
  /** decayed session starts */
  d: DecayedCounter
  start: number | null
  end: number | null
  events: number
  value: number
  items: string[]
}

export interface FeatureState {
  /** state format version ({@link STATE_VERSION}) */
  v: number
  /** key of the feature config + goal this state was built for; a model refuses a state with another key */
  key: string
  first: number | null
  last: number | null
  /** events, all time */
  n: number
  /** value, all time */
  value: number
  /** distinct UTC days with an event */
  days: number
  lastDay: number
  /** events that arrived older than the newest seen (merged by the out-of-order rule) */
  late: number
  all: DecayedCounter
  session: SessionState
  /** one per `config.eventTypes`, then one for every other type */
  types: TypeState[]
  outcome: TypeState
  custom: TypeState[]
}

export function emptyCounter(halfLives: number, withSums: boolean): DecayedCounter {
  const zeros = () => new Array<number>(halfLives).fill(0)
  return withSums ? { t: 0, c: zeros(), s: zeros() } : { t: 0, c: zeros() }
}

export function emptyTypeState(halfLives: number, withSums: boolean): TypeState {
  return { n: 0, v: 0, last: null, d: emptyCounter(halfLives, withSums) }
}

/**
 * Adds weight `w` (and value `x`) at time `at` to a decayed counter. `lambdas[i]` = ln 2 / halfLife_i in 1/ms.
 * In order (`at >= d.t`): decay to `at`, then add. Out of order: add the contribution decayed to `d.t` —
 * which is exactly what the counter would hold had the event arrived in order.
 */
export function addToCounter(d: DecayedCounter, at: number, x: number, lambdas: readonly number[]): void {
  const c = d.c
  const s = d.s
  const dt = at - d.t
  if (dt >= 0) {
    if (dt > 0) {
      for (let i = 0; i < lambdas.length; i++) {
        const f = Math.exp(-lambdas[i]! * dt)
        c[i] = c[i]! * f
        if (s) s[i] = s[i]! * f
      }
      d.t = at
    }
    for (let i = 0; i < lambdas.length; i++) {
      c[i] = c[i]! + 1
      if (s) s[i] = s[i]! + x
    }
  } else {
    for (let i = 0; i < lambdas.length; i++) {
      const f = Math.exp(lambdas[i]! * dt)
      c[i] = c[i]! + f
      if (s) s[i] = s[i]! + x * f
    }
  }
}

/** Reads decayed counter `i` (counts, or sums when `sums`) at time `now` (never before its own time). */
export function readCounter(d: DecayedCounter, i: number, now: number, lambdas: readonly number[], sums = false): number {
  const raw = sums ? (d.s?.[i] ?? 0) : (d.c[i] ?? 0)
  if (raw === 0) return 0
  const dt = now - d.t
  return dt > 0 ? raw * Math.exp(-lambdas[i]! * dt) : raw
}

export function addToType(ts: TypeState, at: number, value: number, lambdas: readonly number[]): void {
  ts.n++
  ts.v += value
  if (ts.last === null || at > ts.last) ts.last = at
  addToCounter(ts.d, at, value, lambdas)
}
