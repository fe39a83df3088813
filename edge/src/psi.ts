import { TELEMETRY_BINS as BINS } from '@auspex/core'

/** The floor of an empty bin's share in {@link psi}, so that ln(a/e) stays finite (the usual 0.0001). */
export const PSI_EPSILON = 1e-4

/** PSI above this is the conventional "significant shift" flag (0.1–0.2 moderate, > 0.2 significant). */
export const PSI_ALERT = 0.2

/**
 * The training population's share of each of the 20 bins, from an artifact's `percentiles` (99 ascending
 * probabilities: the k-th is the score below which k % of the training population lies). The CDF P(X < x) is taken
 * as the piecewise-linear curve through (0, 0), (p1, 0.01) … (p99, 0.99), (1, 1): scores spread evenly between two
 * neighbouring percentiles. Where several percentiles are equal (a point mass) the curve takes the lowest fraction
 * at that x, i.e. the mass belongs to the bin that holds x. Bin i's share is CDF((i+1)/20) − CDF(i/20); the last bin
 * takes 1 − CDF(0.95), so the shares sum to 1.
 */
export function trainingShares(percentiles: readonly number[]): number[] {
  const xs = [0, ...percentiles, 1]
  const ys = [0, ...percentiles.map((_, k) => (k + 1) / 100), 1]
  const cdf = (x: number): number => {
    const j = xs.findIndex((p) => p >= x)
    if (j <= 0) return j === 0 ? 0 : 1
    if (xs[j] === x) return ys[j]!
    const x0 = xs[j - 1]!
    const y0 = ys[j - 1]!
    return y0 + ((ys[j]! - y0) * (x - x0)) / (xs[j]! - x0)
  }
  const shares: number[] = []
  for (let i = 0; i < BINS; i++) shares.push((i === BINS - 1 ? 1 : cdf((i + 1) / BINS)) - cdf(i / BINS))
  return shares
}

/**
 * The population stability index of a live histogram against the training shares:
 * Σ (a − e) · ln(a / e) over the bins, where a is the bin's live share (count / n) and e its training share, each
 * floored at {@link PSI_EPSILON}. Null for an empty histogram.
 */
export function psi(histogram: readonly number[], expected: readonly number[]): number | null {
  const n = histogram.reduce((sum, c) => sum + c, 0)
  if (n === 0) return null
  let total = 0
  for (let i = 0; i < BINS; i++) {
    const a = Math.max(PSI_EPSILON, (histogram[i] ?? 0) / n)
    const e = Math.max(PSI_EPSILON, expected[i] ?? 0)
    total += (a - e) * Math.log(a / e)
  }
  return total
}
