/** Comparison operators allowed in a goal's `where` conditions. */
export const OPERATORS = ['=', '!=', '>', '>=', '<', '<=', 'in', 'contains', 'exists'] as const
export type Operator = (typeof OPERATORS)[number]

/** `{ "field": "attributes.page", "op": "contains", "value": "pricing" }` */
export interface Condition {
  field: string
  op: Operator
  value?: unknown
}

/** An event condition: the event's `type` (optional) and every `where` condition hold. */
export interface EventCondition {
  type?: string
  where?: Condition[]
}

export type Outcome = { anyOf: EventCondition[] } | { allOf: EventCondition[] }

/** A named behaviour that becomes features ("Count of X", "Days since X"). */
export interface CustomEvent extends EventCondition {
  name: string
}

export type Propensity = 'conversion' | 'churn'

/** An event condition of eligibility: it must (require) or must not (exclude) have occurred, ever or `within` a duration. */
export interface HistoryCondition extends EventCondition {
  /** e.g. "30d": only events in the last 30 days before the moment scored count */
  within?: string
}

/**
 * Who is scored. A profile is eligible when its newest event is within `activeWithin` (default 45 days), every
 * `require` condition occurred, no `exclude` condition occurred, and — with `afterOutcome: "exclude"` — the
 * outcome has not happened yet (a one-time outcome: a withdrawal, a first purchase).
 */
export interface Eligibility {
  activeWithin?: string
  require?: HistoryCondition[]
  exclude?: HistoryCondition[]
  afterOutcome?: 'keep' | 'exclude'
}

/** A goal as written in its JSON file (see DESIGN.md). */
export interface GoalSpec {
  name: string
  propensity: Propensity
  outcome: Outcome
  window: string
  eligible?: Eligibility
  customEvents?: CustomEvent[]
  description?: string
}
