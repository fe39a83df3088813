/**
 * Merges two feature states of one profile built from disjoint sets of events, as if one state had seen them all.
 *
 * Exact (equal to the state of the union, money within float rounding) for every order-independent aggregate:
 * counts (`n`, `unknown`, `late`, per type, outcome, custom), money (`value`, `v`, cents per day), first/last
 * times, history conditions, and the per-day arrays (days aligned by UTC day, then trimmed to the longest
 * window of the newest day, as the reducer trims).
 *
 * Distinct active days (`days`): the two counts, minus the days both sides were active on. Those are known
 * when the two sides are apart in time (only the boundary day can be shared), and otherwise for every day
 * either state still lists (`daily`, its first and last day): exact unless the sides interleave on days
 * older than the longest window (the horizon).
 *
 * Visit-level aggregates (`session`, visit counts) depend on the order of all events, which two states do
 * not keep. The rule:
 * - **Apart in time** (every counted event of one side, O, is at or before the first of the other, N — the
 *   case of `identify`: the edge's state before `scoredAt`, the device's events after it): exact. If N's
 *   first event comes within the visit gap of O's last, O's last visit continues into N's first: visits add
 *   minus one (and N's first day counts one visit start less); when that joined visit is N's only one, the
 *   newest visit is the two combined (events, money and per-type counts added, items of O then N's new ones,
 *   at most `maxSessionItems`), else it is N's newest visit.
 * - **Interleaved**: not exact. The newest visit is that of the side with the newest event; when the other
 *   side's newest visit overlaps it (within the visit gap), the two are combined as above and visits add
 *   minus one. Features that read visits (sessions_*, *_per_session, in_session, session_*, last_session_*,
 *   visit_*) may then differ from a replay of the union.
 */
import { DAY_MS } from './duration.ts'
import { AuspexError } from './errors.ts'
import type { FeatureConfig } from './feature-config.ts'
import { STATE_VERSION, type FeatureState, type SessionState, type TypeState } from './feature-state.ts'

const dayOf = (t: number) => Math.floor(t / DAY_MS)

/** The earlier / later of two optional times. */
function earliest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null || a <= b ? a : b
}
function latest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null || a >= b ? a : b
}

/**
 * Merges the states `a` and `b` (built for the same features from disjoint events) into a new state; neither
 * input is changed.
 * @param config the feature config both were built with (the model artifact's `features.config`): its longest
 *   window trims the days, its visit gap and item limit join visits
 * @throws {AuspexError} `UNSUPPORTED_FORMAT_VERSION` for a state of another format version, `STATE_MISMATCH`
 *   when the two states were built for different features (their `key`s differ) or `config` does not fit them
 * @example
 * const state = mergeState(edgeState, buildState(engine, eventsAfterScoredAt), artifact.features.config)
 */
export function mergeState(a: FeatureState, b: FeatureState, config: FeatureConfig): FeatureState {
  assertMergeable(a, b, config)
  const horizon = Math.max(...config.windowsDays)
  const days = mergeDays(a, b, horizon)
  const slot = days.slotOf
  const aligned = (x: readonly number[], y: readonly number[]) => days.sum(x, y)
  const apart = apartInTime(a, b)
  const [older, newer] = orderByNewest(a, b)
  const joins = joinsVisit(older, newer, config, apart)
  const visits = aligned(a.visits, b.visits)
  let sessions = a.session.n + b.session.n
  if (joins) {
    sessions--
    const start = apart ? newer.first! : newer.session.start!
    const k = slot(dayOf(start))
    if (k >= 0 && visits[k]! > 0) visits[k]!--
  }
  const session = joins && (!apart || newer.session.n === 1)
    ? combineVisits(older.session, newer.session, config.maxSessionItems, sessions)
    : { ...copySession(newer.session), n: sessions }
  const last = latest(a.last, b.last)
  return {
    v: STATE_VERSION,
    key: a.key,
    first: earliest(a.first, b.first),
    last,
    n: a.n + b.n,
    value: a.value + b.value,
    days: a.days + b.days - sharedDays(a, b, apart, older, newer),
    lastDay: Math.max(a.lastDay, b.lastDay),
    late: a.late + b.late,
    unknown: a.unknown + b.unknown,
    daily: days.daily,
    all: aligned(a.all, b.all),
    visits,
    session,
    types: a.types.map((t, i) => mergeType(t, b.types[i]!, aligned)),
    outcome: mergeType(a.outcome, b.outcome, aligned),
    custom: a.custom.map((t, i) => mergeType(t, b.custom[i]!, aligned)),
    conds: a.conds.map((c, i) => latest(c, b.conds[i]!)),
  }
}

function assertMergeable(a: FeatureState, b: FeatureState, config: FeatureConfig): void {
  for (const [name, s] of [['a', a], ['b', b]] as const) {
    if (s.v !== STATE_VERSION) {
      throw new AuspexError('UNSUPPORTED_FORMAT_VERSION', `state ${name} has format version ${JSON.stringify(s.v)}; this build merges version ${STATE_VERSION}: rebuild it from events (re-run auspex score)`)
    }
  }
  if (a.key !== b.key) {
    throw new AuspexError('STATE_MISMATCH', `the states were built for different features (keys ${a.key} and ${b.key}); merge states of one model's features only`)
  }
  if (a.types.length !== config.eventTypes.length || b.types.length !== config.eventTypes.length || a.custom.length !== b.custom.length || a.conds.length !== b.conds.length) {
    throw new AuspexError('STATE_MISMATCH', `the states do not fit the feature config (${config.eventTypes.length} event types); pass the config of the model that built them`)
  }
}

/** The union of the two states' days within the horizon of the newest, and a summer of aligned arrays. */
function mergeDays(a: FeatureState, b: FeatureState, horizon: number) {
  const all = [...new Set([...a.daily, ...b.daily])].sort((x, y) => x - y)
  const newest = all.length === 0 ? 0 : all[all.length - 1]!
  const daily = all.filter((d) => d > newest - horizon)
  const index = new Map(daily.map((d, i) => [d, i]))
  const slotOf = (day: number) => index.get(day) ?? -1
  const sum = (x: readonly number[], y: readonly number[]): number[] => {
    const out = daily.map(() => 0)
    a.daily.forEach((d, i) => {
      const k = slotOf(d)
      if (k >= 0) out[k]! += x[i]!
    })
    b.daily.forEach((d, i) => {
      const k = slotOf(d)
      if (k >= 0) out[k]! += y[i]!
    })
    return out
  }
  return { daily, slotOf, sum }
}

function mergeType(x: TypeState, y: TypeState, aligned: (p: readonly number[], q: readonly number[]) => number[]): TypeState {
  const merged: TypeState = { n: x.n + y.n, v: x.v + y.v, last: latest(x.last, y.last), first: earliest(x.first, y.first), c: aligned(x.c, y.c) }
  if (x.s !== undefined && y.s !== undefined) merged.s = aligned(x.s, y.s)
  return merged
}

/** True when every counted event of one side is at or before the first of the other (or a side has none). */
function apartInTime(a: FeatureState, b: FeatureState): boolean {
  if (a.last === null || b.last === null) return true
  return a.last <= b.first! || b.last <= a.first!
}

/** [older, newer]: newer is the side with the newest counted event (b on a tie). */
function orderByNewest(a: FeatureState, b: FeatureState): [FeatureState, FeatureState] {
  if (b.last === null) return [b, a]
  if (a.last === null) return [a, b]
  return a.last > b.last ? [b, a] : [a, b]
}

/** Whether the older side's newest visit and the newer side's first (apart) or newest (interleaved) visit are one. */
function joinsVisit(older: FeatureState, newer: FeatureState, config: FeatureConfig, apart: boolean): boolean {
  const o = older.session
  const n = newer.session
  if (o.end === null || o.start === null || n.start === null || n.end === null || newer.first === null) return false
  const gapMs = config.sessionGapMinutes * 60_000
  if (apart) return newer.first - o.end <= gapMs
  return n.start - o.end <= gapMs && o.start - n.end <= gapMs
}

function copySession(s: SessionState): SessionState {
  return { n: s.n, start: s.start, end: s.end, events: s.events, value: s.value, items: [...s.items], types: [...s.types] }
}

/** One visit made of two: the older's items first, then the newer's not yet listed, up to `maxItems`. */
function combineVisits(older: SessionState, newer: SessionState, maxItems: number, n: number): SessionState {
  const items = [...older.items]
  for (const item of newer.items) {
    if (items.length >= maxItems) break
    if (!items.includes(item)) items.push(item)
  }
  return {
    n,
    start: earliest(older.start, newer.start),
    end: latest(older.end, newer.end),
    events: older.events + newer.events,
    value: older.value + newer.value,
    items,
    types: older.types.map((c, i) => c + newer.types[i]!),
  }
}

/** Days both sides were active on, as far as the two states tell (see the module comment). */
function sharedDays(a: FeatureState, b: FeatureState, apart: boolean, older: FeatureState, newer: FeatureState): number {
  if (a.first === null || b.first === null) return 0
  if (apart) return older.lastDay === dayOf(newer.first!) ? 1 : 0
  const known = (s: FeatureState) => new Set([...s.daily, dayOf(s.first!), s.lastDay])
  const inA = known(a)
  let shared = 0
  for (const d of known(b)) if (inA.has(d)) shared++
  return shared
}
