import { AuspexError } from './errors.ts'
import type { AuspexEvent } from './event.ts'
import { DAY_MS } from './duration.ts'
import type { FeatureConfig } from './feature-config.ts'
import { slug, typeWords, windowCode, windowPhrase } from './feature-labels.ts'
import { createReducer } from './feature-reducer.ts'
import { emptyTypeState, STATE_VERSION, windowSum, type FeatureState } from './feature-state.ts'
import { outcomeConditions, type Goal } from './goal.ts'
import { canonicalJson, sha256Hex } from './hash.ts'
import { monetarySign } from './vocabulary.ts'

/** Units of feature values; they drive formatting in factor labels. */
export type FeatureUnit = 'count' | 'average' | 'days' | 'minutes' | 'currency' | 'items' | 'hour' | 'weekday' | 'flag'

/** One feature: a stable code, a name, a label template (`{value}` is filled in) and a unit. */
export interface FeatureDef {
  code: string
  name: string
  template: string
  unit: FeatureUnit
  /** label when the value is missing (NaN: the behaviour never happened) */
  missing?: string
}

/** Features of one goal under one config: reducer and reader. */
export interface FeatureEngine {
  readonly config: FeatureConfig
  readonly goal: Goal
  /** The features, in the order of the vector {@link features} returns. */
  readonly spec: readonly FeatureDef[]
  /** Identifies config + goal; states carry it so that a model never reads a state built for other features. */
  readonly key: string
  init(): FeatureState
  /** Adds one event; mutates and returns `state`. O(1) in the history length. Unknown types change only `state.unknown`. */
  update(state: FeatureState, event: AuspexEvent): FeatureState
  /** Whether events of this (canonical) type feed features. */
  knows(type: string): boolean
  /**
   * The feature vector at `now`; writes into `out` when given. NaN marks "never happened".
   * With `only`, computes just those indices (a model reads only the features it has terms for).
   */
  features(state: FeatureState, now: number, out?: Float32Array, only?: ArrayLike<number>): Float32Array
  /** @throws {AuspexError} `STATE_MISMATCH` when the state was built for other features or another version. */
  assertState(state: FeatureState): void
}

type Reader = (s: FeatureState, now: number) => number

const days = (ms: number) => ms / DAY_MS
const since = (last: number | null, now: number) => (last === null ? NaN : days(Math.max(0, now - last)))
const today = (now: number) => Math.floor(now / DAY_MS)

/**
 * True when the goal's outcome is one condition on a type the model knows: that type's own features then
 * state the same fact, and outcome features would show it twice ("No purchase yet", "No outcome yet").
 */
function outcomeIsAType(goal: Goal, config: FeatureConfig): boolean {
  const conditions = outcomeConditions(goal.spec.outcome)
  return conditions.length === 1 && conditions[0]!.type !== undefined && config.eventTypes.includes(conditions[0]!.type)
}

/** The types the goal's outcome names that the model knows, in vocabulary order. */
function outcomeTypes(goal: Goal, config: FeatureConfig): string[] {
  const named = new Set(outcomeConditions(goal.spec.outcome).map((c) => c.type))
  return config.eventTypes.filter((t) => named.has(t))
}

/** Builds the feature engine for a goal and a feature config (both also recorded in the model artifact). */
export function createFeatureEngine(goal: Goal, config: FeatureConfig): FeatureEngine {
  const W = config.windowsDays
  const longW = W.filter((w) => w >= 7)
  const gapMs = config.sessionGapMinutes * 60_000
  const types = config.eventTypes
  const monetary = types.map((t) => monetarySign(t) !== 0)
  const hasMoney = monetary.some(Boolean)

  const spec: FeatureDef[] = []
  const readers: Reader[] = []
  const used = new Set<string>()
  const def = (code: string, name: string, template: string, unit: FeatureUnit, read: Reader, missing?: string) => {
    let unique = code
    for (let k = 2; used.has(unique); k++) unique = `${code}_${k}`
    used.add(unique)
    spec.push(missing === undefined ? { code: unique, name, template, unit } : { code: unique, name, template, unit, missing })
    readers.push(read)
  }

  for (const w of W) {
    const phrase = windowPhrase(w)
    def(`events_${windowCode(w)}`, `Events ${phrase}`, `{value} event{s} ${phrase}`, 'count', (s, now) => windowSum(s.daily, s.all, today(now), w))
    def(`sessions_${windowCode(w)}`, `Visits ${phrase}`, `{value} visit{s} ${phrase}`, 'count', (s, now) => windowSum(s.daily, s.visits, today(now), w))
  }
  def('events_total', 'Events, all time', '{value} event{s} in total', 'count', (s) => s.n)
  def('sessions_total', 'Visits, all time', '{value} visit{s} in total', 'count', (s) => s.session.n)
  def('active_days', 'Active days', 'Active on {value} day{s}', 'count', (s) => s.days)
  def('tenure_days', 'Days since first seen', 'First seen {value}', 'days', (s, now) => since(s.first, now), 'Never seen before')
  def('days_since_last_event', 'Days since last activity', 'Last active {value}', 'days', (s, now) => since(s.last, now), 'No activity yet')
  if (hasMoney) {
    def('value_total', 'Total spend (net of returns)', 'Spent {value} in total, net of returns', 'currency', (s) => s.value)
    def('value_per_session', 'Average spend per visit', 'Spent {value} per visit on average', 'currency', (s) => (s.session.n > 0 ? s.value / s.session.n : 0))
  }
  def('events_per_session', 'Average events per visit', '{value} event{s} per visit on average', 'average', (s) => (s.session.n > 0 ? s.n / s.session.n : 0))
  const inSession = (s: FeatureState, now: number) => s.session.end !== null && now - s.session.end <= gapMs
  def('in_session', 'In a visit now', 'In a visit now: {value}', 'flag', (s, now) => (inSession(s, now) ? 1 : 0))
  def('session_events', 'Events in this visit', '{value} event{s} in this visit', 'count', (s, now) => (inSession(s, now) ? s.session.events : 0))
  def('session_items', 'Distinct items in this visit', '{value} distinct item{s} in this visit', 'items', (s, now) => (inSession(s, now) ? s.session.items.length : 0))
  def('session_minutes', 'Length of this visit', 'This visit has lasted {value} minutes', 'minutes', (s, now) => (inSession(s, now) && s.session.start !== null ? (now - s.session.start) / 60_000 : 0))
  def('last_session_events', 'Events in the latest visit', '{value} event{s} in the latest visit', 'count', (s) => s.session.events)
  if (hasMoney) def('last_session_value', 'Spend in the latest visit', 'Spent {value} in the latest visit', 'currency', (s) => s.session.value)
  def('hour_of_day', 'Hour of day (UTC)', 'Hour of day {value} (UTC)', 'hour', (_s, now) => new Date(now).getUTCHours())
  def('day_of_week', 'Day of week (UTC)', 'It is {value}', 'weekday', (_s, now) => new Date(now).getUTCDay())

  types.forEach((type, ti) => {
    const code = slug(type)
    const { one, noun, verb, never } = typeWords(type)
    const money = type === 'return' ? 'Returned goods worth' : 'Spent'
    for (const w of W) {
      const phrase = windowPhrase(w)
      def(`count_${code}_${windowCode(w)}`, `${noun} ${phrase}`, `${verb} {value}× ${phrase}`, 'count', (s, now) => windowSum(s.daily, s.types[ti]!.c, today(now), w))
    }
    if (monetary[ti]) {
      for (const w of longW) {
        const phrase = windowPhrase(w)
        def(`value_${code}_${windowCode(w)}`, `${noun}: money ${phrase}`, `${money} {value} ${phrase}`, 'currency', (s, now) => windowSum(s.daily, s.types[ti]!.s!, today(now), w) / 100)
      }
    }
    def(`count_${code}_total`, `${noun}, all time`, `${verb} {value}× in total`, 'count', (s) => s.types[ti]!.n)
    if (monetary[ti]) def(`value_${code}_total`, `${noun}: money, all time`, `${money} {value} in total`, 'currency', (s) => s.types[ti]!.v)
    def(`days_since_${code}`, `Days since last ${one}`, `Last ${one} {value}`, 'days', (s, now) => since(s.types[ti]!.last, now), never)
    def(`visit_${code}`, `${noun} in this visit`, `${verb} {value}× in this visit`, 'count', (s, now) => (inSession(s, now) ? s.session.types[ti]! : 0))
  })

  // The rhythm of the outcome's own types: a repeat buyer's average gap, and how overdue the next one is — a ratio
  // of recency to rhythm, which an additive model cannot form from the two apart
  for (const type of outcomeTypes(goal, config)) {
    const ti = types.indexOf(type)
    const code = slug(type)
    const { one } = typeWords(type)
    const gap = (s: FeatureState) => {
      const t = s.types[ti]!
      return t.n < 2 || t.first === null || t.last === null ? NaN : days(t.last - t.first) / (t.n - 1)
    }
    def(`avg_gap_${code}`, `Average days between ${one}s`, `A ${one} every {value} days on average`, 'average', (s) => gap(s), `Not yet two of ${one}`)
    def(`overdue_${code}`, `Days since last ${one}, relative to the usual gap`, `{value}× the usual gap since the last ${one}`, 'average',
      (s, now) => {
        const g = gap(s)
        return Number.isNaN(g) ? NaN : since(s.types[ti]!.last, now) / Math.max(g, 1 / 24)
      }, `Not yet two of ${one}`)
  }

  if (!outcomeIsAType(goal, config)) {
    const outcomeName = `the goal's outcome (${goal.name})`
    def('outcome_total', 'Goal outcome, all time', `Reached ${outcomeName} {value}× before`, 'count', (s) => s.outcome.n)
    def('days_since_outcome', 'Days since the goal outcome', `Last reached ${outcomeName} {value}`, 'days', (s, now) => since(s.outcome.last, now), `Never reached ${outcomeName}`)
    for (const w of longW) def(`outcome_${windowCode(w)}`, `Goal outcome ${windowPhrase(w)}`, `Reached ${outcomeName} {value}× ${windowPhrase(w)}`, 'count', (s, now) => windowSum(s.daily, s.outcome.c, today(now), w))
  }

  goal.customEvents.forEach(({ name }, ci) => {
    const code = `custom_${slug(name)}`
    def(`${code}_total`, `Count of ${name}`, `${name}: {value}× in total`, 'count', (s) => s.custom[ci]!.n)
    def(`days_since_${code}`, `Days since ${name}`, `${name}: last {value}`, 'days', (s, now) => since(s.custom[ci]!.last, now), `${name}: never`)
    for (const w of longW) def(`${code}_${windowCode(w)}`, `${name} ${windowPhrase(w)}`, `${name}: {value}× ${windowPhrase(w)}`, 'count', (s, now) => windowSum(s.daily, s.custom[ci]!.c, today(now), w))
  })

  const { require = [], exclude = [] } = goal.spec.eligible ?? {}
  const key = sha256Hex(canonicalJson({ v: STATE_VERSION, config, outcome: goal.spec.outcome, customEvents: goal.spec.customEvents ?? [], history: [...require, ...exclude] })).slice(0, 16)
  const known = new Set(types)

  const init = (): FeatureState => ({
    v: STATE_VERSION, key, first: null, last: null, n: 0, value: 0, days: 0, lastDay: -1, late: 0, unknown: 0,
    daily: [], all: [], visits: [],
    session: { n: 0, start: null, end: null, events: 0, value: 0, items: [], types: types.map(() => 0) },
    types: monetary.map((m) => emptyTypeState(m)),
    outcome: emptyTypeState(false),
    custom: goal.customEvents.map(() => emptyTypeState(false)),
    conds: goal.history.map(() => null),
  })

  const assertState = (state: FeatureState) => {
    if (state.v !== STATE_VERSION || state.key !== key) {
      throw new AuspexError('STATE_MISMATCH', `feature state was built for other features (state ${state.v}/${state.key}, model ${STATE_VERSION}/${key}); rebuild it from events`)
    }
  }

  const update = createReducer(goal, config)

  const features = (state: FeatureState, now: number, out?: Float32Array, only?: ArrayLike<number>): Float32Array => {
    const vector = out ?? new Float32Array(readers.length)
    if (only) {
      for (let k = 0; k < only.length; k++) {
        const i = only[k]!
        vector[i] = readers[i]!(state, now)
      }
    } else {
      for (let i = 0; i < readers.length; i++) vector[i] = readers[i]!(state, now)
    }
    return vector
  }

  return { config, goal, spec, key, init, update, knows: (type) => known.has(type), features, assertState }
}
