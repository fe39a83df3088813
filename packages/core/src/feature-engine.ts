import { AuspexError } from './errors.ts'
import type { AuspexEvent } from './event.ts'
import { DAY_MS, HOUR_MS } from './duration.ts'
import type { FeatureConfig } from './feature-config.ts'
import { halfLifeCode, halfLifePhrase, slug } from './feature-labels.ts'
import { createReducer } from './feature-reducer.ts'
import { emptyCounter, emptyTypeState, emptyTypeStates, readCounter, STATE_VERSION, type FeatureState } from './feature-state.ts'
import type { Goal } from './goal.ts'
import { canonicalJson, sha256Hex } from './hash.ts'

/** Units of feature values; they drive formatting in factor labels. */
export type FeatureUnit = 'count' | 'days' | 'minutes' | 'currency' | 'items' | 'hour' | 'weekday' | 'flag'

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
  /** Adds one event; mutates and returns `state`. O(1) in the history length. */
  update(state: FeatureState, event: AuspexEvent): FeatureState
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

/** Builds the feature engine for a goal and a feature config (both also recorded in the model artifact). */
export function createFeatureEngine(goal: Goal, config: FeatureConfig): FeatureEngine {
  const H = config.halfLivesHours
  const lambdas = H.map((h) => Math.LN2 / (h * HOUR_MS))
  const longIdx = H.map((h, i) => (h >= 168 ? i : -1)).filter((i) => i >= 0)
  const gapMs = config.sessionGapMinutes * 60_000
  const otherIndex = config.eventTypes.length

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

  H.forEach((h, i) => def(`events_${halfLifeCode(h)}`, `Events ${halfLifePhrase(h)}`, `{value} event{s} ${halfLifePhrase(h)}`, 'count', (s, now) => readCounter(s.all, i, now, lambdas)))
  H.forEach((h, i) => def(`sessions_${halfLifeCode(h)}`, `Visits ${halfLifePhrase(h)}`, `{value} visit{s} ${halfLifePhrase(h)}`, 'count', (s, now) => readCounter(s.session.d, i, now, lambdas)))
  def('events_total', 'Events, all time', '{value} event{s} in total', 'count', (s) => s.n)
  def('sessions_total', 'Visits, all time', '{value} visit{s} in total', 'count', (s) => s.session.n)
  def('active_days', 'Active days', 'Active on {value} day{s}', 'count', (s) => s.days)
  def('tenure_days', 'Days since first seen', 'First seen {value} day{s} ago', 'days', (s, now) => since(s.first, now), 'Never seen before')
  def('days_since_last_event', 'Days since last activity', 'Last active {value} day{s} ago', 'days', (s, now) => since(s.last, now), 'No activity yet')
  def('value_total', 'Total value', 'Total value {value}', 'currency', (s) => s.value)
  def('value_per_session', 'Average value per visit', 'Average value per visit {value}', 'currency', (s) => (s.session.n > 0 ? s.value / s.session.n : 0))
  def('events_per_session', 'Average events per visit', '{value} event{s} per visit on average', 'count', (s) => (s.session.n > 0 ? s.n / s.session.n : 0))
  const inSession = (s: FeatureState, now: number) => s.session.end !== null && now - s.session.end <= gapMs
  def('in_session', 'In a visit now', 'In a visit now: {value}', 'flag', (s, now) => (inSession(s, now) ? 1 : 0))
  def('session_events', 'Events in this visit', '{value} event{s} in this visit', 'count', (s, now) => (inSession(s, now) ? s.session.events : 0))
  def('session_items', 'Distinct items in this visit', '{value} distinct item{s} in this visit', 'items', (s, now) => (inSession(s, now) ? s.session.items.length : 0))
  def('session_minutes', 'Length of this visit', 'This visit has lasted {value} minute{s}', 'minutes', (s, now) => (inSession(s, now) && s.session.start !== null ? (now - s.session.start) / 60_000 : 0))
  def('last_session_events', 'Events in the latest visit', '{value} event{s} in the latest visit', 'count', (s) => s.session.events)
  def('last_session_value', 'Value of the latest visit', 'Latest visit worth {value}', 'currency', (s) => s.session.value)
  def('hour_of_day', 'Hour of day (UTC)', 'Hour of day {value} (UTC)', 'hour', (_s, now) => new Date(now).getUTCHours())
  def('day_of_week', 'Day of week (UTC)', 'It is {value}', 'weekday', (_s, now) => new Date(now).getUTCDay())

  const typeNames = [...config.eventTypes, 'other']
  typeNames.forEach((type, ti) => {
    const code = slug(type)
    const label = ti === otherIndex ? 'other events' : type
    H.forEach((h, i) => def(`count_${code}_${halfLifeCode(h)}`, `${label} ${halfLifePhrase(h)}`, `{value}× ${label} ${halfLifePhrase(h)}`, 'count', (s, now) => readCounter(s.types[ti]!.d, i, now, lambdas)))
    longIdx.forEach((i) => def(`value_${code}_${halfLifeCode(H[i]!)}`, `Value of ${label} ${halfLifePhrase(H[i]!)}`, `${label} worth {value} ${halfLifePhrase(H[i]!)}`, 'currency', (s, now) => readCounter(s.types[ti]!.d, i, now, lambdas, true)))
    def(`count_${code}_total`, `${label}, all time`, `{value}× ${label} in total`, 'count', (s) => s.types[ti]!.n)
    def(`value_${code}_total`, `Value of ${label}, all time`, `${label} worth {value} in total`, 'currency', (s) => s.types[ti]!.v)
    def(`days_since_${code}`, `Days since last ${label}`, `Last ${label} {value} day{s} ago`, 'days', (s, now) => since(s.types[ti]!.last, now), `No ${label} yet`)
  })

  const outcomeName = `outcome (${goal.name})`
  def('outcome_total', `Goal outcome, all time`, `Reached the ${outcomeName} {value}× before`, 'count', (s) => s.outcome.n)
  def('days_since_outcome', 'Days since the goal outcome', `Last ${outcomeName} {value} day{s} ago`, 'days', (s, now) => since(s.outcome.last, now), `No ${outcomeName} yet`)
  longIdx.forEach((i) => def(`outcome_${halfLifeCode(H[i]!)}`, `Goal outcome ${halfLifePhrase(H[i]!)}`, `{value}× ${outcomeName} ${halfLifePhrase(H[i]!)}`, 'count', (s, now) => readCounter(s.outcome.d, i, now, lambdas)))

  goal.customEvents.forEach(({ name }, ci) => {
    const code = `custom_${slug(name)}`
    def(`${code}_total`, `Count of ${name}`, `${name}: {value}× in total`, 'count', (s) => s.custom[ci]!.n)
    def(`days_since_${code}`, `Days since ${name}`, `${name}: last {value} day{s} ago`, 'days', (s, now) => since(s.custom[ci]!.last, now), `${name}: never`)
    longIdx.forEach((i) => def(`${code}_${halfLifeCode(H[i]!)}`, `${name} ${halfLifePhrase(H[i]!)}`, `${name}: {value}× ${halfLifePhrase(H[i]!)}`, 'count', (s, now) => readCounter(s.custom[ci]!.d, i, now, lambdas)))
  })

  const key = sha256Hex(canonicalJson({ v: STATE_VERSION, config, outcome: goal.spec.outcome, customEvents: goal.spec.customEvents ?? [] })).slice(0, 16)
  const hl = H.length

  const init = (): FeatureState => ({
    v: STATE_VERSION, key, first: null, last: null, n: 0, value: 0, days: 0, lastDay: -1, late: 0,
    all: emptyCounter(hl, false),
    session: { n: 0, d: emptyCounter(hl, false), start: null, end: null, events: 0, value: 0, items: [] },
    types: emptyTypeStates(typeNames.length, hl, true),
    outcome: emptyTypeState(hl, false),
    custom: emptyTypeStates(goal.customEvents.length, hl, false),
  })

  const assertState = (state: FeatureState) => {
    if (state.v !== STATE_VERSION || state.key !== key) {
      throw new AuspexError('STATE_MISMATCH', `feature state was built for other features (state ${state.v}/${state.key}, model ${STATE_VERSION}/${key}); rebuild it from events`)
    }
  }

  const update = createReducer(goal, config, lambdas)

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

  return { config, goal, spec, key, init, update, features, assertState }
}
