/**
 * A paired bootstrap interval for the difference of two models' AUCs on the same examples: resample the
 * examples (profiles) with replacement, compute both AUCs on each resample, take percentiles of B − A.
 * Pairing matters: both models are scored on the same resampled profiles, so the profile-to-profile noise
 * they share cancels and the interval is far narrower than two separate intervals would suggest.
 */
import { createRng } from '../cases/prng.ts'

export interface BootstrapOptions {
  /** number of resamples (default 1000) */
  resamples?: number
  /** PRNG seed (default 1): the same inputs and seed give the same interval */
  seed?: number
  /** central coverage of the interval (default 0.95) */
  level?: number
}

export interface AucDifferenceInterval {
  /** AUC(B) − AUC(A) on the examples themselves */
  difference: number
  /** percentile interval of the resampled differences */
  low: number
  high: number
  level: number
  /** resamples with both classes present (the others have no AUC and are left out) */
  resamples: number
  seed: number
}

/** Indices grouped by equal score, groups in descending score order: AUC needs only this and the weights. */
function tieGroups(scores: ArrayLike<number>): number[][] {
  const order = Array.from({ length: scores.length }, (_, i) => i)
  order.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b)
  const groups: number[][] = []
  let last = NaN
  for (const i of order) {
    const s = scores[i] as number
    if (groups.length === 0 || s !== last) groups.push([])
    groups[groups.length - 1]!.push(i)
    last = s
  }
  return groups
}

/** Weighted AUC (ties count one half) from presorted tie groups; NaN when one class has no weight. */
function groupedAuc(groups: readonly number[][], labels: ArrayLike<number>, weights: ArrayLike<number>): number {
  let pos = 0
  let neg = 0
  let area = 0
  for (const group of groups) {
    let tp = 0
    let tn = 0
    for (const k of group) {
      const w = weights[k] as number
      if (labels[k] === 1) tp += w
      else tn += w
    }
    area += tn * (pos + tp / 2)
    pos += tp
    neg += tn
  }
  return pos === 0 || neg === 0 ? NaN : area / (pos * neg)
}

/** The q-quantile of sorted values, linear between order statistics. */
function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q
  const lo = Math.floor(h)
  const hi = Math.min(sorted.length - 1, lo + 1)
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)
}

/**
 * Paired bootstrap percentile interval of AUC(B) − AUC(A).
 * @param scoresA model A's scores, one per example
 * @param scoresB model B's scores for the same examples, in the same order
 * @param labels 0/1 labels of the examples
 * @throws RangeError when the arrays differ in length or no resample has both classes
 * @example pairedAucBootstrap(pA, pB, y) // { difference: 0.012, low: 0.004, high: 0.021, level: 0.95, … }
 */
export function pairedAucBootstrap(
  scoresA: ArrayLike<number>, scoresB: ArrayLike<number>, labels: ArrayLike<number>, options: BootstrapOptions = {},
): AucDifferenceInterval {
  const n = labels.length
  if (scoresA.length !== n || scoresB.length !== n) {
    const given = `${scoresA.length} and ${scoresB.length} scores for ${n} labels`
    throw new RangeError(`pairedAucBootstrap: ${given}; pass one score per example`)
  }
  const { resamples = 1000, seed = 1, level = 0.95 } = options
  const groupsA = tieGroups(scoresA)
  const groupsB = tieGroups(scoresB)
  const ones = new Float64Array(n).fill(1)
  const difference = groupedAuc(groupsB, labels, ones) - groupedAuc(groupsA, labels, ones)
  const rng = createRng(seed)
  const weights = new Float64Array(n)
  const diffs: number[] = []
  for (let r = 0; r < resamples; r++) {
    // a resample of n profiles with replacement is a count per profile
    weights.fill(0)
    for (let k = 0; k < n; k++) {
      const i = Math.floor(rng.next() * n)
      weights[i] = (weights[i] ?? 0) + 1
    }
    const d = groupedAuc(groupsB, labels, weights) - groupedAuc(groupsA, labels, weights)
    if (!Number.isNaN(d)) diffs.push(d)
  }
  if (diffs.length === 0) {
    throw new RangeError('pairedAucBootstrap: no resample has both classes; the AUC difference needs positives and negatives')
  }
  diffs.sort((a, b) => a - b)
  const tail = (1 - level) / 2
  return { difference, low: quantile(diffs, tail), high: quantile(diffs, 1 - tail), level, resamples: diffs.length, seed }
}
