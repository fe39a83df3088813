import type { AuspexScore, SegmentChange } from './protocol.ts'

/** Opt-in page destinations (see README "Destinations"). */
export interface Destinations {
  /** `true` or an attribute name: the `<html>` attribute listing the segments, space-separated (default `data-auspex-segments`) */
  htmlAttribute?: boolean | string
  /** `true` or a global name: the tag-manager data layer array pushed to (default `dataLayer`) */
  dataLayer?: boolean | string
}

/** Where destinations write; tests pass stand-ins. */
export interface DestinationTarget {
  root: { setAttribute(name: string, value: string): void } | null
  global: Record<string, unknown>
}

const name = (v: boolean | string | undefined, fallback: string) => (typeof v === 'string' && v ? v : v ? fallback : null)

/**
 * Applies segment changes and scores to the page: sets the attribute on every change, pushes one
 * `auspex_segment_enter` / `auspex_segment_leave` per segment entered or left, and one `auspex_score` when a goal's
 * score, bucket or eligibility changes. Loaded lazily by the client only when `destinations` is given.
 */
export function createDestinations(d: Destinations, target: DestinationTarget = { root: globalThis.document?.documentElement ?? null, global: globalThis as Record<string, unknown> }) {
  const attribute = name(d?.htmlAttribute, 'data-auspex-segments')
  const layerName = name(d?.dataLayer, 'dataLayer')
  const shown = new Map<string, string>()
  // in no segment until the first change says otherwise: "" at once, so CSS and tag managers can tell "none"
  // from "the SDK has not run"
  if (attribute) target.root?.setAttribute(attribute, '')
  const push = (entry: Record<string, unknown>) => {
    if (!layerName) return
    const layer = (target.global[layerName] ??= []) as { push(entry: unknown): unknown }
    layer.push(entry)
  }
  return {
    segments(c: SegmentChange) {
      if (attribute) target.root?.setAttribute(attribute, c.segments.join(' '))
      const common = { segments: c.segments, version: c.version, scores: c.scores }
      for (const segment of c.left) push({ event: 'auspex_segment_leave', auspex: { segment, ...common } })
      for (const segment of c.entered) push({ event: 'auspex_segment_enter', auspex: { segment, ...common } })
    },
    score(s: AuspexScore) {
      const key = `${s.score}|${s.bucket}|${s.eligible}`
      if (shown.get(s.goal) === key) return
      shown.set(s.goal, key)
      const { goal, score, percentile, bucket, probability, modelVersion, eligible } = s
      push({ event: 'auspex_score', auspex: { goal, score, percentile, bucket, probability, modelVersion, eligible, topFactors: s.factors.map((f) => f.code) } })
    },
  }
}
