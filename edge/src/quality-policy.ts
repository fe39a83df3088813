import type { Env } from './env.ts'
import { EdgeError } from './errors.ts'
import { isObject } from './body.ts'

/** The quality floors of one goal: an activation below any of them is refused unless forced. */
export interface QualityPolicy {
  /** the lowest hold-out AUC (`metrics.auc`) a version may have, 0–1 */
  minAuc: number
  /** the fewest positive examples in the test split (`metrics.positives`) */
  minPositives: number
  /** the fewest negative examples in the test split (`metrics.negatives`) */
  minNegatives: number
}

/** A goal's effective policy, and whether it is the default (nothing stored for the goal). */
export interface EffectivePolicy {
  policy: QualityPolicy
  default: boolean
}

/**
 * The floors without a stored policy: Customer AI's data requirement (500 positive and 500 negative examples) and a
 * hold-out AUC of 0.65, below which a propensity model ranks customers little better than a recency rule.
 */
export const DEFAULT_POLICY: Readonly<QualityPolicy> = Object.freeze({ minAuc: 0.65, minPositives: 500, minNegatives: 500 })

const FIELDS = ['minAuc', 'minPositives', 'minNegatives'] as const

export const policyKey = (goal: string) => `policy/${goal}`

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > Number.MAX_SAFE_INTEGER) {
    throw new EdgeError(400, 'INVALID_REQUEST', `${field}: expected a whole number ≥ 0 (examples in the test split), got ${JSON.stringify(value)}`)
  }
  return value
}

/**
 * Reads a `PUT /v1/models/:goal/policy` body `{ minAuc?, minPositives?, minNegatives? }`; an omitted field takes its
 * default. @throws {EdgeError} 400 `INVALID_REQUEST` naming the field (unknown fields too, so a typo is not ignored).
 */
export function parsePolicy(body: unknown): QualityPolicy {
  if (!isObject(body)) throw new EdgeError(400, 'INVALID_REQUEST', 'expected a JSON object { "minAuc"?: 0–1, "minPositives"?: n, "minNegatives"?: n }')
  const unknown = Object.keys(body).find((k) => !(FIELDS as readonly string[]).includes(k))
  if (unknown !== undefined) throw new EdgeError(400, 'INVALID_REQUEST', `${unknown}: not a policy field; valid fields: ${FIELDS.join(', ')}`)
  const policy: QualityPolicy = { ...DEFAULT_POLICY }
  if (body.minAuc !== undefined) {
    const auc = body.minAuc
    if (typeof auc !== 'number' || !(auc >= 0 && auc <= 1)) {
      throw new EdgeError(400, 'INVALID_REQUEST', `minAuc: expected a number from 0 to 1 (a hold-out AUC), got ${JSON.stringify(auc)}`)
    }
    policy.minAuc = auc
  }
  if (body.minPositives !== undefined) policy.minPositives = count(body.minPositives, 'minPositives')
  if (body.minNegatives !== undefined) policy.minNegatives = count(body.minNegatives, 'minNegatives')
  return policy
}

/** The goal's stored policy, or the default when none is stored. */
export async function getPolicy(env: Env, goal: string): Promise<EffectivePolicy> {
  const stored = await env.REGISTRY.get<QualityPolicy>(policyKey(goal), 'json')
  return stored ? { policy: { ...DEFAULT_POLICY, ...stored }, default: false } : { policy: { ...DEFAULT_POLICY }, default: true }
}

/** Stores a goal's policy (one KV value, replaced whole). */
export async function putPolicy(env: Env, goal: string, policy: QualityPolicy): Promise<void> {
  await env.REGISTRY.put(policyKey(goal), JSON.stringify(policy))
}
