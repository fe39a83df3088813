import type { ModelArtifact, SegmentRule } from '@auspex/core'
import type { Destinations } from './destinations.ts'
import type { AuspexScore, EngineOptions, ErrorInfo } from './protocol.ts'

/** Options of {@link createAuspex}. */
export interface AuspexOptions {
  /** goal names to score, e.g. `['purchase-30d']` */
  goals: string[]
  /** edge base URL; models come from `GET {endpoint}/v1/models/:goal` */
  endpoint?: string
  /** host-provided model artifacts (no edge needed) */
  models?: ModelArtifact[]
  /** epoch ms; default `Date.now` */
  clock?: () => number
  /** default: a random id persisted on the device */
  profileId?: string
  /** default true; false → nothing stored until `consent(true)` */
  consent?: boolean
  /** ms between model revalidations (default 300000) */
  revalidateEvery?: number
  /** factors per score (default 5) */
  topFactors?: number
  /** default true; false → the same engine on the main thread (also the automatic fallback) */
  worker?: boolean
  /** IndexedDB database and tab-channel name (default `auspex`); separate SDK instances on one origin */
  namespace?: string
  onError?: (error: ErrorInfo) => void
  debug?: boolean
  /** segment rules: an array (host rules, no fetch), `true` (fetch `GET {endpoint}/v1/segments`, cached), default false */
  segments?: SegmentRule[] | boolean
  /** opt-in page destinations of segments and scores: the `<html>` attribute and the tag-manager data layer */
  destinations?: Destinations
  /**
   * default false; true → once a day, per goal, the bin of the previous day's latest score and the counts of event
   * types the model does not know go to `POST {endpoint}/v1/telemetry` (aggregates: no id, no events)
   */
  telemetry?: boolean
  /** called with every score delivered (any goal), e.g. to forward it to another tool */
  onScore?: (score: AuspexScore) => void
}

/** Options checked at the door: the engine options, or the problems (each names the option and the fix). */
export function resolveOptions(o: AuspexOptions): { options: EngineOptions; problems: string[] } {
  const problems: string[] = []
  const goals = Array.isArray(o?.goals) ? o.goals.filter((g) => typeof g === 'string' && g !== '') : []
  if (goals.length === 0) problems.push('goals: give at least one goal name, e.g. { goals: ["purchase-30d"] }')
  if (o?.endpoint !== undefined && typeof o.endpoint !== 'string') problems.push('endpoint: expected the edge base URL as a string')
  if (o?.models !== undefined && !Array.isArray(o.models)) problems.push('models: expected an array of model artifacts')
  if (o?.endpoint === undefined && (o?.models ?? []).length === 0) problems.push('endpoint or models: give an edge endpoint, or models: [artifact]')
  const positive = (v: unknown, name: string, fallback: number) => {
    if (v === undefined) return fallback
    if (typeof v === 'number' && v > 0) return v
    problems.push(`${name}: expected a positive number`)
    return fallback
  }
  const options: EngineOptions = {
    goals,
    consent: o?.consent !== false,
    revalidateEvery: positive(o?.revalidateEvery, 'revalidateEvery', 300_000),
    topFactors: positive(o?.topFactors, 'topFactors', 5),
    namespace: typeof o?.namespace === 'string' && o.namespace ? o.namespace : 'auspex',
    debug: o?.debug === true,
  }
  if (typeof o?.endpoint === 'string') options.endpoint = o.endpoint
  if (Array.isArray(o?.models)) options.models = o.models
  if (typeof o?.profileId === 'string' && o.profileId) options.profileId = o.profileId
  if (o?.telemetry === true) options.telemetry = true
  else if (o?.telemetry !== undefined && o.telemetry !== false) problems.push('telemetry: expected true or false')
  const seg = o?.segments
  if (Array.isArray(seg) || seg === true) options.segments = seg
  else if (seg !== undefined && seg !== false) problems.push('segments: expected an array of segment rules, true (fetch from the edge) or false')
  if (o?.destinations !== undefined && (typeof o.destinations !== 'object' || o.destinations === null)) problems.push('destinations: expected { htmlAttribute?: true | "attribute-name", dataLayer?: true | "globalName" }')
  if (o?.onScore !== undefined && typeof o.onScore !== 'function') problems.push('onScore: expected a function (score) => void')
  if (seg === true && typeof o?.endpoint !== 'string') problems.push('segments: true fetches GET {endpoint}/v1/segments; give an endpoint, or pass the rules as an array')
  return { options, problems }
}
