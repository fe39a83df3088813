/**
 * Pairwise interactions where they pay (GA²M): after the main-effect fit, rank feature pairs cheaply on a sample
 * of the training rows by how much one weight per cell of their coarse bin grid would lower the loss of the
 * main model's residuals (the Newton gain Σ G²/H per cell, as FAST ranks pairs), keep the best few, refit with
 * them, and keep them only when the early-stopping split's log-loss improves by {@link INTERACTIONS}.minGain.
 * Every candidate, pair and row count is capped, so the step costs at most one more fit of a bounded size.
 */
import { binIndex, PAIR_LIMITS, type PairTerm } from '@auspex/core'
import type { Example } from './examples.ts'
import { sigmoid } from './sigmoid.ts'

export const INTERACTIONS = {
  /** features whose pairs are ranked: the strongest main effects */
  features: 8,
  /** pairs refit at most */
  pairs: 4,
  /** bins per axis of a pair's grid (missing and the edge bins included: edges ≤ bins − 2) */
  bins: 6,
  /** training rows the ranking reads at most */
  sampleRows: 20_000,
  /** no interaction step above this many training rows (the refit would cost too long) */
  maxRows: 250_000,
  /** validation log-loss must fall by at least this much for the pairs to stay */
  minGain: 0.0005,
} as const

/** At most `bins − 2` of `edges`, spread over them: a coarse grid for a pair. */
export function coarseEdges(edges: readonly number[], bins: number = INTERACTIONS.bins): number[] {
  const keep = bins - 2
  if (edges.length <= keep) return [...edges]
  const out: number[] = []
  for (let k = 1; k <= keep; k++) {
    const e = edges[Math.min(edges.length - 1, Math.floor((k * edges.length) / (keep + 1)))]!
    if (out.length === 0 || e > out[out.length - 1]!) out.push(e)
  }
  return out
}

export interface PairCandidate {
  /** feature indices, i < j */
  i: number
  j: number
  edges: [number[], number[]]
  /** Newton gain of a weight per cell on the main model's residuals (higher ranks first) */
  gain: number
}

/**
 * Ranks the pairs of `features` (indices) by the gain of fitting one weight per cell of their coarse grid to the
 * residuals of the main model, whose logit per row is `z`.
 */
export function rankPairs(rows: readonly Example[], z: ArrayLike<number>, weights: ArrayLike<number>, features: readonly number[], edges: readonly number[][]): PairCandidate[] {
  const step = Math.max(1, Math.ceil(rows.length / INTERACTIONS.sampleRows))
  const coarse = new Map(features.map((f) => [f, coarseEdges(edges[f]!)]))
  const out: PairCandidate[] = []
  for (let a = 0; a < features.length; a++) {
    for (let b = a + 1; b < features.length; b++) {
      const [i, j] = [features[a]!, features[b]!]
      const e0 = coarse.get(i)!
      const e1 = coarse.get(j)!
      const n1 = e1.length + 2
      const cells = (e0.length + 2) * n1
      const g = new Float64Array(cells)
      const h = new Float64Array(cells)
      for (let r = 0; r < rows.length; r += step) {
        const x = rows[r]!.features
        const c = binIndex(e0, x[i]!) * n1 + binIndex(e1, x[j]!)
        const p = sigmoid(z[r]!)
        g[c]! += weights[r]! * (rows[r]!.label - p)
        h[c]! += weights[r]! * p * (1 - p)
      }
      let gain = 0
      for (let c = 0; c < cells; c++) gain += (g[c]! * g[c]!) / (h[c]! + 1)
      out.push({ i, j, edges: [e0, e1], gain })
    }
  }
  return out.sort((x, y) => y.gain - x.gain || x.i - y.i || x.j - y.j)
}

/**
 * The best `max` pairs of a ranking, each feature in one pair at most: the runners-up of a strong pair are mostly
 * the same interaction again through a correlated feature (adds to cart in 7, 30 and 90 days).
 */
export function pickPairs(ranked: readonly PairCandidate[], max: number = INTERACTIONS.pairs): PairCandidate[] {
  const used = new Set<number>()
  const out: PairCandidate[] = []
  for (const p of ranked) {
    if (out.length === max) break
    if (used.has(p.i) || used.has(p.j)) continue
    used.add(p.i)
    used.add(p.j)
    out.push(p)
  }
  return out
}

/** Indices of the `k` features whose main-effect weights vary most over the rows (mean |θ − its mean|). */
export function strongestFeatures(theta: ArrayLike<number>, index: Int32Array, rows: number, cols: number, k: number = INTERACTIONS.features): number[] {
  const strength = new Float64Array(cols)
  for (let f = 0; f < cols; f++) {
    let mean = 0
    for (let r = 0; r < rows; r++) mean += theta[index[r * cols + f]!]!
    mean /= Math.max(1, rows)
    let dev = 0
    for (let r = 0; r < rows; r++) dev += Math.abs(theta[index[r * cols + f]!]! - mean)
    strength[f] = dev
  }
  return Array.from(strength.keys()).filter((f) => strength[f]! > 0).sort((a, b) => strength[b]! - strength[a]! || a - b).slice(0, k)
}

/**
 * `features` (strongest first) without those whose bin is another kept feature's bin on every row: on purchases-only
 * data `events_30d`, `count_purchase_30d` and `sessions_30d` are one column three times over, and ranked apart they
 * fill the candidate slots, and the pairs, with one interaction.
 */
export function distinctFeatures(features: readonly number[], index: Int32Array, rows: number, cols: number, offsets: readonly number[]): number[] {
  const seen = new Set<string>()
  const out: number[] = []
  for (const f of features) {
    // two 32-bit FNV-1a-style hashes of the column's bin positions
    let h1 = 0x811c9dc5, h2 = 0x01000193 ^ 0x5bd1e995
    for (let r = 0; r < rows; r++) {
      const bin = index[r * cols + f]! - offsets[f]!
      h1 = Math.imul(h1 ^ bin, 0x01000193)
      h2 = Math.imul(h2 ^ (bin + 0x9e3779b9), 0x5bd1e995) ^ (h2 >>> 15)
    }
    const key = `${h1 >>> 0}:${h2 >>> 0}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(f)
  }
  return out
}

/** The pair terms of a fit: each pair's block of θ (offsets from `pairOffsets`), centred on the rows' mean. */
export function toPairs(
  pairs: readonly PairCandidate[], theta: ArrayLike<number>, offsets: readonly number[], index: Int32Array, rows: number, cols: number, codes: readonly string[],
): { pairs: PairTerm[]; shift: number } {
  let shift = 0
  const out: PairTerm[] = []
  pairs.forEach((p, k) => {
    const col = cols - pairs.length + k
    const o = offsets[col]!
    const size = (p.edges[0].length + 2) * (p.edges[1].length + 2)
    let mean = 0
    for (let r = 0; r < rows; r++) mean += theta[index[r * cols + col]!]!
    mean /= Math.max(1, rows)
    const weights = Array.from({ length: size }, (_, c) => Number((theta[o + c]! - mean).toPrecision(6)))
    if (weights.every((x) => Math.abs(x) < 1e-4)) return
    shift += mean
    out.push({ features: [codes[p.i]!, codes[p.j]!], edges: [p.edges[0], p.edges[1]], weights })
  })
  if (out.length > PAIR_LIMITS.maxPairs) throw new Error(`unreachable: ${out.length} pairs exceed the artifact's limit`)
  return { pairs: out, shift }
}
