import type { Bucket, Importance } from './model.ts'

/** A numeric range; either bound may be omitted. Bounds are inclusive. */
export interface Range {
  min?: number
  max?: number
}

/**
 * A condition on one goal's prediction. Every property given must hold:
 * `{ "goal": "churn-90d", "bucket": "high" }`, `{ "goal": "purchase-30d", "score": { "min": 60 } }`,
 * `{ "goal": "churn-90d", "factor": "days_since_purchase", "importance": ["high", "medium"], "direction": "up" }`.
 * Factor conditions hold when the factor is among the prediction's (top) factors with that importance/direction.
 */
export interface GoalCondition {
  goal: string
  bucket?: Bucket | Bucket[]
  score?: Range
  percentile?: Range
  probability?: Range
  factor?: string
  importance?: Importance | Importance[]
  direction?: 'up' | 'down'
}

export type SegmentExpression = GoalCondition | { all: SegmentExpression[] } | { any: SegmentExpression[] } | { not: SegmentExpression }

/** A named segment rule: a name plus one expression (its `all` / `any` / `not` / goal condition at the top level). */
export type SegmentRule = { name: string; description?: string } & SegmentExpression

/** The minimum of a prediction a segment reads. */
export interface PredictionLike {
  probability: number
  score: number
  percentile: number
  bucket: Bucket
  factors: ReadonlyArray<{ code: string; importance: Importance; direction: 'up' | 'down' }>
}
