/**
 * The incremental feature state of one profile: plain JSON, versioned, O(features) in size.
 *
 * Decayed counters are kept at the time of the newest event they counted (`t`); reading them at a later
 * `now` multiplies by 2^(-(now - t) / halfLife). Updating is O(1) per event: only the counters the event
 * touches (all events, its type, the goal's outcome, matching custom events) are decayed and incremented
 * (feature-reducer.ts).
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

/**
 * A packed array of `n` zeros. Copying a template allocates the exact length once; growing an empty array by
 * `push` allocated a 17-slot backing store, then another when the first decayed (fractional) value landed.
 */
function zeros(n: number): number[] {
  let template = ZERO_TEMPLATES[n]
  if (template === undefined) {
    template = []
    for (let i = 0; i < n; i++) template.push(0.5)
    template.fill(0) // 0.5 made it an array of doubles, which the decayed values need anyway
    ZERO_TEMPLATES[n] = template
  }
  return template.slice()
}
const ZERO_TEMPLATES: Array<number[] | undefined> = []

// No closures here: tsx and wrangler bundle with esbuild's keepNames, which makes every closure creation an
// Object.defineProperty call; an inner arrow made init() cost ~6 µs per profile.
export function emptyCounter(halfLives: number, withSums: boolean): DecayedCounter {
  return withSums ? { t: 0, c: zeros(halfLives), s: zeros(halfLives) } : { t: 0, c: zeros(halfLives) }
}

export function emptyTypeState(halfLives: number, withSums: boolean): TypeState {
  return { n: 0, v: 0, last: null, d: emptyCounter(halfLives, withSums) }
}

export function emptyTypeStates(count: number, halfLives: number, withSums: boolean): TypeState[] {
  const states = new Array<TypeState>(count) // the exact length: push would make room for 17
  for (let i = 0; i < count; i++) states[i] = emptyTypeState(halfLives, withSums)
  return states
}

/** Reads decayed counter `i` (counts, or sums when `sums`) at time `now` (never before its own time). */
export function readCounter(d: DecayedCounter, i: number, now: number, lambdas: readonly number[], sums = false): number {
  const raw = sums ? (d.s?.[i] ?? 0) : (d.c[i] ?? 0)
  if (raw === 0) return 0
  const dt = now - d.t
  return dt > 0 ? raw * Math.exp(-lambdas[i]! * dt) : raw
}
