import { artifactHash } from './artifact-hash.ts'
import {
  ARTIFACT_FORMAT, ARTIFACT_FORMAT_VERSION, DEFAULT_BUCKETS, DEFAULT_IMPORTANCE,
  type BucketThresholds, type GamParameters, type ImportanceThresholds, type MetricsSummary, type ModelArtifact, type PlattCalibration,
} from './artifact-types.ts'
import type { FeatureConfig } from './feature-config.ts'
import { createFeatureEngine } from './feature-engine.ts'
import { compileGoal } from './goal.ts'
import type { GoalSpec } from './goal-types.ts'
import { percentileThresholds, versionId } from './percentiles.ts'

export interface ArtifactInput {
  goal: GoalSpec
  config: FeatureConfig
  model: GamParameters
  calibration?: PlattCalibration
  /** 99 thresholds, or the population's probabilities to compute them from */
  percentiles?: number[]
  population?: ArrayLike<number>
  buckets?: BucketThresholds
  importance?: ImportanceThresholds
  metrics: MetricsSummary
  training?: Record<string, unknown>
  createdAt?: Date
  /** default: derived from createdAt and the content hash */
  version?: string
}

/**
 * Assembles a complete, sealed artifact: fills the feature spec from the config and goal, the defaults
 * (identity calibration, Customer AI buckets 25/75), the version and the content hash.
 */
export function createArtifact(input: ArtifactInput): ModelArtifact {
  const goal = compileGoal(input.goal)
  const engine = createFeatureEngine(goal, input.config)
  const createdAt = input.createdAt ?? new Date()
  const body: Omit<ModelArtifact, 'hash'> = {
    format: ARTIFACT_FORMAT,
    formatVersion: ARTIFACT_FORMAT_VERSION,
    version: 'pending',
    createdAt: createdAt.toISOString(),
    goal: goal.spec,
    features: { config: input.config, spec: [...engine.spec] },
    model: input.model,
    calibration: input.calibration ?? { kind: 'platt', a: 1, b: 0 },
    percentiles: input.percentiles ?? percentileThresholds(input.population ?? []),
    buckets: input.buckets ?? DEFAULT_BUCKETS,
    importance: input.importance ?? DEFAULT_IMPORTANCE,
    metrics: input.metrics,
    ...(input.training ? { training: input.training } : {}),
  }
  body.version = input.version ?? versionId(createdAt, artifactHash(body))
  return { ...body, hash: artifactHash(body) }
}
