import { TELEMETRY_BINS, scoreBin, utcDay, type AuspexEvent, type Model, type TelemetryReport } from '@auspex/core'
import type { EngineRuntime } from './engine-runtime.ts'
import type { FetchFn } from './model-fetch.ts'
import type { AuspexScore } from './protocol.ts'

/** The meta key of the day being counted (JSON of {@link TelemetryDay}). */
export const TELEMETRY_META_KEY = 'telemetry'

/** The edge's bounds on a report (see edge/README.md, Monitoring): type names and counts beyond are not sent. */
const MAX_TYPES = 20
const MAX_TYPE_CHARS = 64
const MAX_COUNT = 1000
/** The edge takes reports of the 7 days before today; an older day is dropped unsent. */
const MAX_AGE_DAYS = 7

/** What one goal counted on a day: the bin of its latest eligible score and events of types its model did not know. */
interface GoalDay {
  version?: string
  bin?: number
  unknown: Record<string, number>
}

/** The UTC day being counted, per goal. */
export interface TelemetryDay {
  day: string
  goals: Record<string, GoalDay>
}

/**
 * Opt-in (`telemetry: true`) live-score telemetry: per goal and UTC day, the bin of the profile's latest eligible
 * score and the counts of event types the goal's model does not know. On the first activity of a new day the
 * previous day is sent to `POST {endpoint}/v1/telemetry`, one report per goal (a histogram with one count: one
 * device is one profile-day), once, best effort. Aggregates only: no profile id, no events. Kept in the store's
 * meta so a day survives reloads; a tab that finds the day already rolled over by another tab does not send it again.
 */
export function createEngineTelemetry(rt: EngineRuntime, o: { fetch: FetchFn }) {
  let current: TelemetryDay | null = null
  let written = ''
  /** every change runs after the previous one: a day turns over once, even when scores arrive while it does */
  let chain: Promise<void> = Promise.resolve()
  const queue = (task: () => Promise<void>): Promise<void> => (chain = chain.then(task).catch(() => {}))
  const on = () => rt.opts?.telemetry === true && rt.opts.consent && typeof rt.opts.endpoint === 'string'

  const persist = () => {
    const text = JSON.stringify(current)
    if (text === written) return
    written = text
    rt.store.setMeta(TELEMETRY_META_KEY, text).catch(() => {})
  }
  const send = (day: TelemetryDay, now: number) => {
    if (day.day < utcDay(now, -MAX_AGE_DAYS)) return
    const url = `${rt.opts.endpoint!.replace(/\/+$/, '')}/v1/telemetry`
    for (const [goal, g] of Object.entries(day.goals)) {
      if (g.version === undefined || g.bin === undefined) continue
      const histogram = new Array<number>(TELEMETRY_BINS).fill(0)
      histogram[g.bin] = 1
      const top = Object.entries(g.unknown).sort((a, b) => b[1] - a[1]).slice(0, MAX_TYPES)
      const report: TelemetryReport = { goal, version: g.version, day: day.day, histogram }
      if (top.length > 0) report.unknownTypes = Object.fromEntries(top.map(([t, n]) => [t, Math.min(n, MAX_COUNT)]))
      const headers = { 'Content-Type': 'application/json' }
      o.fetch(url, { method: 'POST', body: JSON.stringify(report), headers, credentials: 'omit', keepalive: true }).catch(() => {})
    }
  }
  /** The day of `now`, rolling over (and sending the previous day) first. */
  const today = async (now: number): Promise<TelemetryDay> => {
    const day = utcDay(now)
    if (current?.day === day) return current
    const stored = await rt.store.getMeta(TELEMETRY_META_KEY).catch(() => undefined)
    const saved = readDay(stored)
    const previous = current && current.day > (saved?.day ?? '') ? current : saved
    if (saved?.day === day) {
      current = saved
      written = stored as string
      return current
    }
    current = { day, goals: {} }
    persist()
    if (previous && previous.day < day) send(previous, now)
    return current
  }

  return {
    /** Loads the day being counted, and sends the previous one if the day has turned since. */
    open(now: number): Promise<void> {
      current = null
      return queue(async () => void (on() && (await today(now))))
    },
    /** Counts the events of types a goal's model does not know. */
    accepted(events: readonly AuspexEvent[], models: readonly Model[], now: number): Promise<void> {
      if (!on() || events.length === 0) return chain
      return queue(async () => {
        const day = await today(now)
        for (const model of models) count(day, model, events)
        persist()
      })
    },
    /** Keeps each goal's latest eligible score of the day (its bin and model version). */
    scored(latest: ReadonlyMap<string, AuspexScore>, now: number): Promise<void> {
      if (!on()) return chain
      const scores = [...latest].filter(([, s]) => s.eligible).map(([goal, s]) => ({ goal, version: s.modelVersion, bin: scoreBin(s.probability) }))
      return queue(async () => {
        const day = await today(now)
        for (const { goal, version, bin } of scores) Object.assign((day.goals[goal] ??= { unknown: {} }), { version, bin })
        persist()
      })
    },
    /** Forgets the day (forget(): the counts came from the erased profile). */
    clear() {
      current = null
      written = ''
    },
    /** Resolves when every change so far is done (tests). */
    idle: () => chain,
  }
}

/** The stored day, or null when there is none or it is unreadable (then it is overwritten, never sent). */
function readDay(stored: unknown): TelemetryDay | null {
  try {
    const day = typeof stored === 'string' ? (JSON.parse(stored) as TelemetryDay | null) : null
    return typeof day?.day === 'string' && typeof day.goals === 'object' && day.goals !== null ? day : null
  } catch {
    return null
  }
}

/** Adds the day's events of types `model` does not know to its goal (events of other days, e.g. a history load, are not counted). */
function count(day: TelemetryDay, model: Model, events: readonly AuspexEvent[]): void {
  for (const { type, timestamp } of events) {
    if (model.engine.knows(type) || type.length > MAX_TYPE_CHARS || utcDay(timestamp) !== day.day) continue
    const g = (day.goals[model.goal.name] ??= { unknown: {} })
    // through a Map: a type named "constructor" or "__proto__" is counted like any other, never read off the prototype
    const counts = new Map(Object.entries(g.unknown))
    g.unknown = Object.fromEntries(counts.set(type, (counts.get(type) ?? 0) + 1))
  }
}
