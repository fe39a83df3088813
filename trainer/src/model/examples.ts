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
  const times: Array<{ t: number; kind: 'cutoff' | 'event' }> = options.cutoffs.map((t) => ({ t, kind: 'cutoff' as const }))
  if (options.atEvents !== false) {
    let prev = NaN
    for (const e of events) if (e.timestamp !== prev) { times.push({ t: e.timestamp + 1, kind: 'event' }); prev = e.timestamp }
  }
  times.sort((a, b) => a.t - b.t || (a.kind === b.kind ? 0 : a.kind === 'cutoff' ? -1 : 1))
  const state = engine.init()
  const out: Example[] = []
  let i = 0
  for (const { t, kind } of times) {
    if (t + goal.windowMs > options.end) break
    while (i < events.length && (events[i] as AuspexEvent).timestamp < t) engine.update(state, events[i++] as AuspexEvent)
    if (i === 0 || !goal.isEligible(state, t)) continue
    if (options.keep && !options.keep(t)) continue
    const future: AuspexEvent[] = []
    for (let j = i; j < events.length && (events[j] as AuspexEvent).timestamp < t + goal.windowMs; j++) future.push(events[j] as AuspexEvent)
    out.push({ profileId, t, kind, features: engine.features(state, t), label: goal.label(future) })
  }
  return out
}
