/**
 * The model's terms, compiled for scoring: single-feature shape functions and pairwise interactions, each a
 * contributor with a code, a contribution read from the feature vector, a label and a value. Weights are
 * multiplied by the calibration slope once here, so contributions are in calibrated logit units.
 */
import type { ModelArtifact } from './artifact-types.ts'
import type { FeatureDef, FeatureEngine } from './feature-engine.ts'
import { fillTemplate } from './feature-labels.ts'

/** Weight index for value x: 0 when missing, else 1 + number of edges ≤ x (binary search). */
export function binIndex(edges: ArrayLike<number>, x: number): number {
  if (Number.isNaN(x)) return 0
  let lo = 0
  let hi = edges.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (x >= edges[mid]!) lo = mid + 1
    else hi = mid
  }
  return 1 + lo
}

/** One additive part of the logit: a single-feature term or a pair. */
export interface Contributor {
  code: string
  /** index of the (first) feature in the vector */
  index: number
  /** index of the second feature of a pair, -1 for a single term */
  second: number
  defs: readonly FeatureDef[]
  edges: Float64Array
  edges2: Float64Array
  weights: Float64Array
  /** weights per bin of the second feature (pairs), 1 for a single term */
  stride: number
}

/** Compiles the artifact's terms, then its pairs, in contribution order. */
export function compileContributors(artifact: ModelArtifact, engine: FeatureEngine): Contributor[] {
  const a = artifact.calibration.a
  const position = new Map(engine.spec.map((f, i) => [f.code, i]))
  const at = (code: string) => position.get(code)! // validated: every term names a feature of the spec
  const singles = artifact.model.terms.map((t): Contributor => {
    const index = at(t.feature)
    return {
      code: t.feature, index, second: -1, defs: [engine.spec[index]!], edges: Float64Array.from(t.edges), edges2: new Float64Array(0),
      weights: Float64Array.from(t.weights, (w) => a * w), stride: 1,
    }
  })
  const pairs = (artifact.model.pairs ?? []).map((p): Contributor => {
    const [i, j] = [at(p.features[0]), at(p.features[1])]
    return {
      code: `${p.features[0]}*${p.features[1]}`, index: i, second: j, defs: [engine.spec[i]!, engine.spec[j]!],
      edges: Float64Array.from(p.edges[0]), edges2: Float64Array.from(p.edges[1]),
      weights: Float64Array.from(p.weights, (w) => a * w), stride: p.edges[1].length + 2,
    }
  })
  return [...singles, ...pairs]
}

/** The contributor's weight for a feature vector. */
export function contributionOf(t: Contributor, features: Float32Array): number {
  const k = binIndex(t.edges, features[t.index]!)
  return t.second < 0 ? t.weights[k]! : t.weights[k * t.stride + binIndex(t.edges2, features[t.second]!)]!
}

/** The contributor's label: its feature's, or both features' for a pair ("A, and B"). */
export function labelOf(t: Contributor, features: Float32Array, currency: string | undefined): string {
  const first = featureLabel(t.defs[0]!, features[t.index]!, currency)
  return t.second < 0 ? first : `${first}, and ${featureLabel(t.defs[1]!, features[t.second]!, currency)}`
}

// a module function, not a closure per call: labels are built for every factor of every score
function featureLabel(def: FeatureDef, x: number, currency: string | undefined): string {
  return fillTemplate(def.template, x, def.unit, def.missing, currency)
}
