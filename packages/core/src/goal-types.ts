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

/** A goal as written in its JSON file (see DESIGN.md). */
export interface GoalSpec {
  name: string
  propensity: Propensity
  outcome: Outcome
  window: string
  eligible?: { activeWithin?: string }
  customEvents?: CustomEvent[]
  description?: string
}
