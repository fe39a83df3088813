/**
 * Point-in-time examples of one profile: replay its events through core's feature engine and take
 * snapshots at regular cut-offs and right after each distinct event timestamp (T = timestamp + 1 ms, so
 * every event sharing that timestamp is included). A snapshot at T sees exactly the events with
 * timestamp < T; its label comes from the events in [T, T + window).
 */
import type { AuspexEvent, FeatureEngine, Goal } from '@auspex/core'

export interface Example {
  profileId: string
  /** snapshot time T (epoch ms) */
  t: number
  /** 'cutoff' for a regular cut-off, 'event' for a snapshot right after an event timestamp */
  kind: 'cutoff' | 'event'
  features: Float32Array
  label: 0 | 1
  /** events before T (the frequency baseline) */
  events: number
  /** time of the newest event before T (the recency baseline) */
  lastEvent: number
}

export interface ExampleOptions {
  /** regular cut-offs (epoch ms), ascending */
  cutoffs: readonly number[]
  /** also snapshot after each distinct event timestamp (default true) */
  atEvents?: boolean
  /** examples whose label window [T, T + window) ends after this time are dropped (end of data or `before`) */
  end: number
  /** called for every eligible snapshot time before its features are computed; `false` skips it (sampling) */
  keep?: (t: number) => boolean
}

/** All eligible point-in-time examples of one profile's time-sorted events. */
export function profileExamples(profileId: string, events: readonly AuspexEvent[], goal: Goal, engine: FeatureEngine, options: ExampleOptions): Example[] {
  const { cutoffs, end, keep } = options
  const atEvents = options.atEvents !== false
  const window = goal.windowMs
  const state = engine.init()
  const out: Example[] = []
  // Snapshot times in order, merged from the cut-offs and the distinct event times (+ 1 ms) without building
  // and sorting a list (a profile has ~50 of them and a large export millions of profiles); at an equal time
  // the cut-off comes first.
  let c = 0 // next cut-off
  let e = 0 // next event whose timestamp (+ 1 ms) is a snapshot time
  let i = 0 // events applied to `state`
  for (;;) {
    const atCut = c < cutoffs.length ? cutoffs[c]! : Infinity
    const atEvent = atEvents && e < events.length ? events[e]!.timestamp + 1 : Infinity
    let t: number
    let kind: Example['kind']
    if (atCut <= atEvent) {
      if (atCut === Infinity) break
      t = atCut
      kind = 'cutoff'
      c++
    } else {
      t = atEvent
      kind = 'event'
      const stamp = events[e]!.timestamp
      while (e < events.length && events[e]!.timestamp === stamp) e++
    }
    if (t + window > end) break
    while (i < events.length && events[i]!.timestamp < t) engine.update(state, events[i++]!)
    if (i === 0 || !goal.isEligible(state, t)) continue
    if (keep && !keep(t)) continue
    const future: AuspexEvent[] = []
    for (let j = i; j < events.length && events[j]!.timestamp < t + window; j++) future.push(events[j]!)
    const features = engine.features(state, t)
    out.push({ profileId, t, kind, features, label: goal.label(future), events: i, lastEvent: events[i - 1]!.timestamp })
  }
  return out
}

/**
 * The hold-out protocol's example of one profile at cut-off `at`: features from its events before `at`, label from
 * [at, at + window); undefined when the profile is not eligible then. `events` are all of the profile's events
 * (time-sorted); the caller makes sure the data covers the label window. Used by `evaluate` and by training's
 * calibration and test steps, so all of them measure the same thing.
 */
export function cutoffExample(profileId: string, events: readonly AuspexEvent[], goal: Goal, engine: FeatureEngine, at: number): Example | undefined {
  return profileExamples(profileId, events, goal, engine, { cutoffs: [at], atEvents: false, end: Infinity })[0]
}
