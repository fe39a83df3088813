import type { FeatureConfig } from './feature-config.ts'
import type { FeatureDef } from './feature-engine.ts'
import type { GoalSpec } from './goal-types.ts'

export const ARTIFACT_FORMAT = 'auspex-model'
/** 2: feature config version 2 (exact day windows, one event vocabulary, no pooled "other" type). */
export const ARTIFACT_FORMAT_VERSION = 2

/**
 * One additive term of the model (a GAM shape function over binned values of one feature).
 * `bin(x)` = number of `edges` ≤ x (0 … edges.length); the weight is `weights[1 + bin(x)]`,
 * and `weights[0]` is used when the value is missing (NaN: "never happened").
 */
export interface BinnedTerm {
  feature: string
  edges: number[]
  weights: number[]
}

/**
 * A pairwise interaction term (GA²M): a weight per pair of bins of two features. With `n0` = edges[0].length + 2
 * and `n1` = edges[1].length + 2 weights per axis (missing, then the bins), the weight of (x0, x1) is
 * `weights[binIndex(edges[0], x0) * n1 + binIndex(edges[1], x1)]`. Its contribution is a factor of its own.
 */
export interface PairTerm {
  features: [string, string]
  edges: [number[], number[]]
  weights: number[]
}

export interface GamParameters {
  kind: 'gam'
  intercept: number
  terms: BinnedTerm[]
  /** optional interaction terms, after the single-feature terms in every contribution list */
  pairs?: PairTerm[]
}

/** At most this many pair terms, each with at most this many weights: the artifact stays small and scoring fast. */
export const PAIR_LIMITS = { maxPairs: 16, maxWeights: 400 } as const

/** Platt scaling of the model's raw logit: calibrated logit = a · logit + b. */
export interface PlattCalibration {
  kind: 'platt'
  a: number
  b: number
}

/** Scores at or above `medium` are medium, at or above `high` are high (0–100 scale). */
export interface BucketThresholds {
  medium: number
  high: number
}

/** |contribution| (in logit units) at or above which a factor is of high or medium importance. */
export interface ImportanceThresholds {
  medium: number
  high: number
}

export interface MetricsSummary {
  auc: number
  prAuc?: number
  logLoss?: number
  brier?: number
  baseRate?: number
  positives?: number
  negatives?: number
}

/** The model artifact: a small versioned JSON document the pure-TS scorer executes. */
export interface ModelArtifact {
  format: typeof ARTIFACT_FORMAT
  formatVersion: typeof ARTIFACT_FORMAT_VERSION
  /** URL-safe version id, unique per goal (e.g. `20261128T153000Z-1a2b3c4d`) */
  version: string
  createdAt: string
  goal: GoalSpec
  features: { config: FeatureConfig; spec: FeatureDef[] }
  model: GamParameters
  calibration: PlattCalibration
  /** 99 ascending probabilities: the 1st … 99th percentiles of the scored training population */
  percentiles: number[]
  buckets: BucketThresholds
  importance: ImportanceThresholds
  metrics: MetricsSummary
  /** Free-form facts about training (data range, cut-offs, sizes); not used for scoring. */
  training?: Record<string, unknown>
  /** `sha256-<hex>` of the canonical JSON of every other field */
  hash: string
}

export const DEFAULT_BUCKETS: BucketThresholds = { medium: 25, high: 75 }
export const DEFAULT_IMPORTANCE: ImportanceThresholds = { medium: 0.2, high: 0.5 }
