/** The figures the edge held against a goal's quality floors (`checked` in its upload and activation answers). */
export interface GateChecked {
  auc: number | null
  positives: number | null
  negatives: number | null
  policy: { minAuc: number; minPositives: number; minNegatives: number }
  passed: boolean
  failures: string[]
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** The `checked` of an edge reply, or undefined when it has none (an older edge) or it is not the expected shape. */
export function readChecked(body: unknown): GateChecked | undefined {
  const c = (body as { checked?: unknown } | null)?.checked as Record<string, unknown> | undefined
  const p = c?.policy as Record<string, unknown> | undefined
  if (!c || typeof c !== 'object' || !p || typeof p !== 'object' || typeof c.passed !== 'boolean') return undefined
  const minAuc = num(p.minAuc)
  const minPositives = num(p.minPositives)
  const minNegatives = num(p.minNegatives)
  if (minAuc === null || minPositives === null || minNegatives === null) return undefined
  const failures = Array.isArray(c.failures) ? c.failures.filter((f): f is string => typeof f === 'string') : []
  const policy = { minAuc, minPositives, minNegatives }
  return { auc: num(c.auc), positives: num(c.positives), negatives: num(c.negatives), policy, passed: c.passed, failures }
}

function pair(name: string, value: number | null, floor: number, digits = 0): string {
  return `${name} ${value === null ? 'missing' : value.toFixed(digits)} (floor ${floor})`
}

/**
 * One line for the terminal: each figure with its floor and the verdict, e.g.
 * `quality gate: AUC 0.921 (floor 0.6), positives 157 (floor 50), negatives 2490 (floor 50): passed`.
 */
export function describeChecked(c: GateChecked, activated: boolean, forced: boolean): string {
  const figures = [
    pair('AUC', c.auc, c.policy.minAuc, 3),
    pair('positives', c.positives, c.policy.minPositives),
    pair('negatives', c.negatives, c.policy.minNegatives),
  ].join(', ')
  const verdict = c.passed ? 'passed'
    : forced ? `below the floor, activated with --force (${c.failures.join('; ')})`
    : activated ? `below the floor (${c.failures.join('; ')})`
    : `an activation would be refused (${c.failures.join('; ')}); --activate --force overrides, or set the goal's policy`
  return `quality gate: ${figures}: ${verdict}`
}
