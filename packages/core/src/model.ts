import { validateArtifact, type ValidateOptions } from './artifact-validate.ts'
import type { ModelArtifact } from './artifact-types.ts'
import { createFeatureEngine, type FeatureEngine } from './feature-engine.ts'
import { assertSpec } from './artifact-spec.ts'
import { compileContributors, contributionOf, labelOf } from './model-terms.ts'
import type { FeatureState } from './feature-state.ts'
import { compileGoal, type Goal } from './goal.ts'

export type Bucket = 'low' | 'medium' | 'high'
export type Importance = 'low' | 'medium' | 'high'

/** A calibrated propensity: probability 0–1, score 0–100, percentile 1–100 of the training population, bucket. */
export interface Score {
  probability: number
  score: number
  percentile: number
  bucket: Bucket
}

/** An influential factor: one term's exact contribution to the logit (a pair term's code is `a*b`). `direction` is its effect on the probability. */
export interface Factor {
  code: string
  label: string
  /** the feature's value; null when the behaviour never happened */
  value: number | null
  contribution: number
  importance: Importance
  direction: 'up' | 'down'
}

/** `base + Σ factors[].contribution = logit` (exactly, up to floating-point rounding), `probability = sigmoid(logit)`. */
export interface Explanation {
  base: number
  logit: number
  factors: Factor[]
}

export interface Prediction extends Score {
  factors: Factor[]
  modelVersion: string
  goal: string
  /** whether the profile meets the goal's eligibility (active within `eligible.activeWithin`) at the time scored */
  eligible: boolean
}

/** How one term's contribution to the logit changed between two scores. */
export interface TermChange {
  code: string
  /** the factor's label now */
  label: string
  /** contribution now − contribution before (logit units) */
  delta: number
}

/**
 * Why a score moved: the exact change of each term's contribution to the logit (`Σ terms[].delta = logit`, since
 * the base is the same and the model is additive), and the change of the score in points. Calibration is
 * monotone in the logit, so the direction of every delta is its direction on the probability too.
 */
export interface ScoreChange {
  /** logit now − logit before */
  logit: number
  /** probability now − probability before */
  probability: number
  /** score now − score before (0–100 points) */
  points: number
  /** terms whose contribution changed, largest |delta| first */
  terms: TermChange[]
}

export interface PredictOptions {
  /** how many factors to return, most influential first (default 5; `Infinity` for all) */
  topFactors?: number
}

/** A loaded model: executes the artifact. Pure and synchronous; safe to share. */
export interface Model {
  readonly artifact: ModelArtifact
  readonly version: string
  readonly hash: string
  readonly goal: Goal
  readonly engine: FeatureEngine
  /** The code of each term, in contribution order: single terms (the feature's code), then pairs (`a*b`). */
  readonly termCodes: readonly string[]
  /** The calibrated logit of a feature vector. */
  logit(features: Float32Array): number
  score(features: Float32Array): Score
  /** Every factor, sorted by |contribution|, largest first. */
  explain(features: Float32Array): Explanation
  /**
   * Each term's exact contribution to the calibrated logit, in `artifact.model.terms` order then `model.pairs`, into `out`
   * (a new array when omitted): what {@link explain} reports, without labels or sorting, for aggregating many rows.
   */
  contributions(features: Float32Array, out?: Float64Array): Float64Array
  /** Features of `state` at `now`, scored and explained (top factors). */
  predict(state: FeatureState, now: number, options?: PredictOptions): Prediction
  /** The feature vector of `state` at `now` with just the features the model reads (others NaN), into `out` when given. */
  vector(state: FeatureState, now: number, out?: Float32Array): Float32Array
  /** How the score moved from feature vector `before` to `after` (see {@link ScoreChange}). */
  change(before: Float32Array, after: Float32Array): ScoreChange
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)))

/**
 * Indices of the `k` largest |values|, largest first (ties: lower index first). O(n·k) for the few factors a
 * score shows, a full sort when all are asked for.
 */
export function topIndices(values: ArrayLike<number>, k: number): number[] {
  const n = values.length
  if (k >= n) return Array.from({ length: n }, (_, i) => i).sort((i, j) => Math.abs(values[j]!) - Math.abs(values[i]!) || i - j)
  if (k <= 0) return []
  // plain arrays: k is small (5), and creating typed arrays cost more than the whole scan
  const picked: number[] = []
  const sizes: number[] = []
  for (let j = 0; j < k; j++) {
    picked.push(0)
    sizes.push(-1)
  }
  for (let i = 0; i < n; i++) {
    const size = Math.abs(values[i]!)
    if (size <= sizes[k - 1]!) continue
    let at = k - 1
    while (at > 0 && size > sizes[at - 1]!) {
      sizes[at] = sizes[at - 1]!
      picked[at] = picked[at - 1]!
      at--
    }
    sizes[at] = size
    picked[at] = i
  }
  return picked // k < n: every slot was filled
}

/**
 * Validates an artifact and returns a {@link Model}.
 * @throws {AuspexError} `INVALID_MODEL`, `UNSUPPORTED_FORMAT_VERSION` or `MODEL_HASH_MISMATCH`.
 * @example const model = loadModel(JSON.parse(text)); model.predict(state, Date.now())
 */
export function loadModel(json: unknown, options: ValidateOptions = {}): Model {
  const artifact = validateArtifact(json, options)
  const goal = compileGoal(artifact.goal)
  const engine = createFeatureEngine(goal, artifact.features.config)
  assertSpec(artifact, engine)
  const currency = artifact.features.config.currency
  const { a, b } = artifact.calibration
  const terms = compileContributors(artifact, engine)
  const base = a * artifact.model.intercept + b
  const { buckets, importance, percentiles } = artifact

  const contributions = new Float64Array(terms.length)
  const logit = (features: Float32Array): number => {
    let z = base
    for (let i = 0; i < terms.length; i++) {
      const c = contributionOf(terms[i]!, features)
      contributions[i] = c
      z += c
    }
    return z
  }
  const toScore = (z: number): Score => {
    const probability = sigmoid(z)
    const score = Math.round(probability * 100)
    let lo = 0
    let hi = percentiles.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (percentiles[mid]! < probability) lo = mid + 1
      else hi = mid
    }
    const bucket: Bucket = score >= buckets.high ? 'high' : score >= buckets.medium ? 'medium' : 'low'
    return { probability, score, percentile: lo + 1, bucket }
  }
  const factorsOf = (features: Float32Array, top: number): Factor[] => {
    return topIndices(contributions, top).map((i) => {
      const t = terms[i]!
      const c = contributions[i]!
      const value = features[t.index]!
      const size = Math.abs(c)
      return {
        code: t.code,
        label: labelOf(t, features, currency),
        value: Number.isNaN(value) ? null : value,
        contribution: c,
        importance: size >= importance.high ? 'high' : size >= importance.medium ? 'medium' : 'low',
        direction: c >= 0 ? 'up' : 'down',
      }
    })
  }
  const scratch = new Float32Array(engine.spec.length).fill(NaN)
  const used = Int32Array.from(new Set(terms.flatMap((t) => (t.second < 0 ? [t.index] : [t.index, t.second]))))

  return {
    artifact,
    version: artifact.version,
    hash: artifact.hash,
    goal,
    engine,
    termCodes: terms.map((t) => t.code),
    logit,
    score: (features) => toScore(logit(features)),
    explain(features) {
      const z = logit(features)
      return { base, logit: z, factors: factorsOf(features, terms.length) }
    },
    contributions(features, out = new Float64Array(terms.length)) {
      logit(features)
      out.set(contributions)
      return out
    },
    vector(state, now, out) {
      engine.assertState(state)
      const x = out ?? new Float32Array(engine.spec.length).fill(NaN)
      return engine.features(state, now, x, used)
    },
    change(before, after) {
      const from = new Float64Array(terms.length)
      const zFrom = logit(before)
      from.set(contributions)
      const zTo = logit(after)
      const changed: TermChange[] = []
      for (let i = 0; i < terms.length; i++) {
        const delta = contributions[i]! - from[i]!
        if (delta === 0) continue
        const t = terms[i]!
        changed.push({ code: t.code, label: labelOf(t, after, currency), delta })
      }
      changed.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta))
      const a = toScore(zFrom)
      const b = toScore(zTo)
      return { logit: zTo - zFrom, probability: b.probability - a.probability, points: b.score - a.score, terms: changed }
    },
    predict(state, now, options = {}) {
      engine.assertState(state)
      const features = engine.features(state, now, scratch, used)
      const z = logit(features)
      const { probability, score, percentile, bucket } = toScore(z)
      return {
        probability,
        score,
        percentile,
        bucket,
        factors: factorsOf(features, options.topFactors ?? 5),
        modelVersion: artifact.version,
        goal: goal.name,
        eligible: goal.isEligible(state, now),
      }
    },
  }
}

export { binIndex } from './model-terms.ts'
