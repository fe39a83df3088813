import { compileSegments, matchingSegments, type PredictionLike, type Segment } from '@auspex/core'
import type { SegmentChange } from './protocol.ts'

/** The segments a profile is in, and what changed since the last evaluation. */
export interface SegmentState {
  /** Replaces the rules (already validated); `version` is the edge's segments version, null for host rules. */
  setRules(segments: readonly Segment[], version: string | null): void
  /** True when rules are set (an empty list counts: it may make a profile leave every segment). */
  readonly active: boolean
  /** Sorted names the profile is in now (as of the last evaluation). */
  current(): string[]
  /**
   * Evaluates the rules on the latest predictions by goal; returns the change, or null when the set is the
   * same. Every transition is returned exactly once.
   */
  evaluate(predictions: Readonly<Record<string, PredictionLike>>): SegmentChange | null
  /** Leaves every segment (e.g. `forget()`): the change, or null when the profile was in none. */
  clear(): SegmentChange | null
}

/** The difference of two sorted name lists: `entered` = in `next` only, `left` = in `previous` only. */
export function diffSegments(previous: readonly string[], next: readonly string[]): { entered: string[]; left: string[] } {
  return { entered: next.filter((n) => !previous.includes(n)), left: previous.filter((n) => !next.includes(n)) }
}

/** Validates raw rules with core (`compileSegments`); throws core's `INVALID_SEGMENT` with the JSON path. */
export const compileRules = (raw: unknown): Segment[] => compileSegments(raw)

/** Segment membership of one profile, evaluated with core's `matchingSegments` after each re-score. */
export function createSegmentState(): SegmentState {
  let rules: readonly Segment[] | null = null
  let version: string | null = null
  let now: string[] = []
  const change = (next: string[], scores: SegmentChange['scores']): SegmentChange | null => {
    const { entered, left } = diffSegments(now, next)
    if (entered.length === 0 && left.length === 0) return null
    now = next
    return { entered, left, segments: [...next], version, scores }
  }
  return {
    setRules(segments, v) {
      rules = segments
      version = v
    },
    get active() {
      return rules !== null
    },
    current: () => [...now],
    evaluate(predictions) {
      if (!rules) return null
      const scores: SegmentChange['scores'] = {}
      for (const [goal, p] of Object.entries(predictions)) scores[goal] = { score: p.score, bucket: p.bucket }
      return change(matchingSegments(rules, predictions).sort(), scores)
    },
    clear: () => change([], {}),
  }
}
