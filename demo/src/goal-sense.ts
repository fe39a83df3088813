/**
 * What a goal means for the business, for colours and wording: a conversion goal's "up" is good news, a churn
 * goal's "up" is bad news. Read from the goal files the demo publishes (`goals/*.json`, bundled at build time so
 * it works offline); a goal not among them counts as churn when its name starts with "churn", else conversion.
 */
export type Propensity = 'conversion' | 'churn'

export interface GoalSense {
  propensity: Propensity
  /** the goal's eligibility window (`eligible.activeWithin`), e.g. `365d`; the core default is 45 days */
  activeWithin: string
}

interface GoalFile { name?: unknown; propensity?: unknown; eligible?: { activeWithin?: unknown } }

/** Reads goal files into name → sense (entries without a name are skipped). */
export function senseFromGoalFiles(files: readonly GoalFile[]): Map<string, GoalSense> {
  const out = new Map<string, GoalSense>()
  for (const f of files) {
    if (typeof f.name !== 'string') continue
    out.set(f.name, {
      propensity: f.propensity === 'churn' ? 'churn' : f.propensity === 'conversion' ? 'conversion' : guessPropensity(f.name),
      activeWithin: typeof f.eligible?.activeWithin === 'string' ? f.eligible.activeWithin : '45d',
    })
  }
  return out
}

/** The propensity from the name alone: `churn…` is churn. */
export function guessPropensity(goal: string): Propensity {
  return goal.toLowerCase().startsWith('churn') ? 'churn' : 'conversion'
}

/** The sense of `goal`: from `known` when there, else guessed from the name with the default window. */
export function goalSense(goal: string, known: ReadonlyMap<string, GoalSense>): GoalSense {
  return known.get(goal) ?? { propensity: guessPropensity(goal), activeWithin: '45d' }
}

/** Whether a factor pushing the probability `direction` is good news for the business. */
export function isGoodForBusiness(direction: 'up' | 'down', propensity: Propensity): boolean {
  return propensity === 'churn' ? direction === 'down' : direction === 'up'
}

/** `365d` → `365 days`, `1d` → `1 day`, `12h` → `12 hours`. */
export function durationWords(d: string): string {
  const m = /^(\d+)\s*([dh])$/.exec(d.trim())
  if (!m) return d
  const n = Number(m[1])
  const unit = m[2] === 'd' ? 'day' : 'hour'
  return `${n} ${unit}${n === 1 ? '' : 's'}`
}
