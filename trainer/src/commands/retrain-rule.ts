import type { ModelComparison } from '../model/compare.ts'

/**
 * How much worse than the champion a challenger may look and still replace it: AUC differences this small are
 * within the noise of one window's population, and a fresh model that is "as good" still wins, because it has seen
 * the latest behaviour.
 */
export const AUC_TOLERANCE = 0.005

/** The rule, as printed and documented. */
export const REPLACE_RULE = `replace when challenger AUC ≥ champion AUC − ${AUC_TOLERANCE} (not worse beyond noise)`

/** What `auspex retrain` decided. */
export type RetrainVerdict =
  /** no active model at the edge: the all-data model is the first */
  | 'first'
  /** the challenger is not worse: the all-data model replaces the champion */
  | 'replace'
  /** the challenger is worse: the champion stays */
  | 'keep'
  /** the champion has seen the latest complete window: no fair comparison until a new window of data arrives */
  | 'wait'

/**
 * The rule on a comparison whose model A is the champion and B the challenger (difference = B − A):
 * {@link REPLACE_RULE}. The bootstrap interval is reported, not used: at one window's size it is often wider than
 * any difference that matters, and requiring it would keep a stale champion for ever.
 */
export function decide(c: ModelComparison): 'replace' | 'keep' {
  return c.difference.auc >= -AUC_TOLERANCE ? 'replace' : 'keep'
}
