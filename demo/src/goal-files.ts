/// <reference types="vite/client" />
/** The goals the demo's stack publishes (`goals/*.json`), bundled at build time: read for their sense only. */
import { senseFromGoalFiles, type GoalSense } from './goal-sense.ts'

const files = import.meta.glob<Record<string, unknown>>(['../../goals/*.json', '!../../goals/segments.json'], { eager: true, import: 'default' })

/** name → propensity and eligibility window of every bundled goal file (not segments.json). */
export const GOAL_SENSES: ReadonlyMap<string, GoalSense> = senseFromGoalFiles(Object.values(files))
