import type { AuspexEvent, GoalSpec } from '@auspex/core'

/**
 * A generated accuracy case: events, the goal, and the cut-off of the hold-out protocol (train on events
 * before it, score every eligible profile at it, AUC against what happened in the window after it).
 */
export interface AccuracyCase {
  name: string
  /** which failure class of the trust issue it reproduces */
  failureClass: string
  events: AuspexEvent[]
  goal: GoalSpec
  cut: number
}

export const DAY = 86_400_000
export const HOUR = 3_600_000
