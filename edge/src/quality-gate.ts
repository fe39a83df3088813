import { EdgeError } from './errors.ts'
import type { QualityPolicy } from './quality-policy.ts'

/**
 * The figures an activation is gated on, read from the artifact's `metrics` (the test split: `positives` and
 * `negatives` count one example per eligible profile at the test cut-off), with the policy they were held against.
 * A figure the artifact does not carry (or carries as something other than a number) is `null`.
 */
export interface GateCheck {
  auc: number | null
  positives: number | null
  negatives: number | null
  policy: QualityPolicy
  /** true when every figure is present and at or above its floor */
  passed: boolean
  /** one line per failed or missing figure, e.g. `positives 157 < 500` */
  failures: string[]
}

const figure = (metrics: Record<string, unknown>, key: string): number | null => {
  const v = metrics[key]
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/** Holds an artifact's `metrics` against a policy. Pure: the same artifact and policy always give the same check. */
export function checkGate(metrics: unknown, policy: QualityPolicy): GateCheck {
  const m = typeof metrics === 'object' && metrics !== null ? (metrics as Record<string, unknown>) : {}
  const auc = figure(m, 'auc')
  const positives = figure(m, 'positives')
  const negatives = figure(m, 'negatives')
  const failures: string[] = []
  if (auc === null) failures.push(`metrics.auc is missing, so the AUC floor (${policy.minAuc}) cannot be checked`)
  else if (auc < policy.minAuc) failures.push(`hold-out AUC ${round(auc)} < ${policy.minAuc}`)
  for (const [name, value, floor] of [['positives', positives, policy.minPositives], ['negatives', negatives, policy.minNegatives]] as const) {
    if (value === null) failures.push(`metrics.${name} is missing, so the data requirement (≥ ${floor} ${name.slice(0, -1)} examples) cannot be checked`)
    else if (value < floor) failures.push(`${name} ${value} < ${floor} (test-split examples)`)
  }
  return { auc, positives, negatives, policy, passed: failures.length === 0, failures }
}

function round(x: number): string {
  return String(Math.round(x * 10_000) / 10_000)
}

/** The refusal of an activation that failed the gate: names each figure against its floor and both ways out. */
export function qualityGateError(goal: string, version: string, check: GateCheck): EdgeError {
  const message = `version ${version} of goal ${goal} does not meet the quality floor: ${check.failures.join('; ')}. ` +
    `Activate it anyway with "force": true (auspex publish --activate --force), or set this goal's floors with ` +
    `PUT /v1/models/${goal}/policy { "minAuc", "minPositives", "minNegatives" }`
  return new EdgeError(422, 'QUALITY_GATE', message, {}, { checked: check })
}
