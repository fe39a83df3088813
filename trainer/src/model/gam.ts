/**
 * GAM design: quantile bin edges per feature, the flat (row, feature) → weight index, centring into core's
 * terms, Platt scaling. The fit itself runs in tfjs (`gam-tf.ts`); `fitGamReference` here is the same
 * objective and optimiser in plain TypeScript (float64), kept as the oracle the tfjs fit is tested against.
 */
import { binIndex, type BinnedTerm, type GamParameters } from '@auspex/core'
import { FitSchedule } from './fit-schedule.ts'
import { DEFAULT_LR, type FitOptions } from './gam-tf.ts'
import {
  addPenaltyGradient, DEFAULT_PENALTY, lossGradient, movingWeights, rowLogits, smoothPairs, weightedLogLoss,
} from './objective.ts'
import { sigmoid } from './sigmoid.ts'


/** Up to `max` deduplicated quantile edges of the finite values. */
export function quantileEdges(values: Float64Array, max = 16): number[] {
  // the finite values, sorted by the typed array's numeric sort (a JS array with a comparator took ~14 ms a feature)
  let n = 0
  const finite = new Float64Array(values.length)
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite[n++] = values[i]!
  const v = finite.subarray(0, n).sort()
  if (v.length === 0) return []
  const edges: number[] = []
  for (let k = 1; k <= max; k++) {
    const q = v[Math.min(v.length - 1, Math.floor((k * v.length) / (max + 1)))] as number
    const r = Number(q.toPrecision(6))
    if (edges.length === 0 || r > (edges[edges.length - 1] as number)) edges.push(r)
  }
  return edges.length > 0 && edges[0] === v[0] && v.every((x) => x === v[0]) ? [] : edges
}

/** Features read per pass over the rows: each row's feature array is visited F / 16 times, not F times. */
const EDGE_BLOCK = 16

/**
 * Rows the bin edges are read from at most: above it, an even stride over the rows (the training rows are in time
 * order, so the stride spans the whole period). Sorting every value of 300 k rows × 56 features took longer than
 * the fit's epochs; the quantiles of 50 k rows are within ~0.1 % of the rows' ranks (LightGBM bins from a 200 k
 * sample by default).
 */
export const EDGE_SAMPLE_ROWS = 50_000

/**
 * {@link quantileEdges} of each of the `count` features of `rows` (rows × features), a block of columns at a time,
 * read from at most {@link EDGE_SAMPLE_ROWS} rows.
 */
export function featureEdges(all: ArrayLike<number>[], count: number): number[][] {
  const stride = Math.ceil(all.length / EDGE_SAMPLE_ROWS)
  const rows = stride <= 1 ? all : all.filter((_, r) => r % stride === 0)
  const columns = Array.from({ length: Math.min(EDGE_BLOCK, count) }, () => new Float64Array(rows.length))
  const edges: number[][] = []
  for (let f0 = 0; f0 < count; f0 += EDGE_BLOCK) {
    const width = Math.min(EDGE_BLOCK, count - f0)
    for (let r = 0; r < rows.length; r++) {
      const x = rows[r]!
      for (let k = 0; k < width; k++) columns[k]![r] = x[f0 + k]!
    }
    for (let k = 0; k < width; k++) edges.push(quantileEdges(columns[k]!))
  }
  return edges
}

export interface Design { rows: number; cols: number; index: Int32Array; y: Float64Array; w: Float64Array }

/** A pair column of the design: two features and their (coarse) edges; its weights are a grid, row-major. */
export interface PairColumn { i: number; j: number; edges: [number[], number[]] }

/**
 * Flat weight index [rows × columns] for given feature rows and edges — one column per feature, then one per pair
 * (weight `bin_i · (edges_j + 2) + bin_j` of its grid); offsets[c] is column c's first weight.
 */
export function design(
  features: Float32Array[], edges: number[][], y: ArrayLike<number>, w: ArrayLike<number>, pairs: readonly PairColumn[] = [],
): Design & { offsets: number[]; size: number } {
  const offsets: number[] = []
  let size = 0
  for (const e of edges) {
    offsets.push(size)
    size += e.length + 2
  }
  for (const p of pairs) {
    offsets.push(size)
    size += (p.edges[0].length + 2) * (p.edges[1].length + 2)
  }
  const F = edges.length
  const cols = F + pairs.length
  const index = new Int32Array(features.length * cols)
  features.forEach((x, r) => {
    for (let f = 0; f < F; f++) index[r * cols + f] = offsets[f]! + binIndex(edges[f]!, x[f]!)
    pairs.forEach((p, k) => {
      const cell = binIndex(p.edges[0], x[p.i]!) * (p.edges[1].length + 2) + binIndex(p.edges[1], x[p.j]!)
      index[r * cols + F + k] = offsets[F + k]! + cell
    })
  })
  return { rows: features.length, cols, index, y: Float64Array.from(y), w: Float64Array.from(w), offsets, size }
}

/** Reference fit (float64, no tfjs): the tfjs fit's optimiser step for step, on the objective of `objective.ts`. */
export function fitGamReference(train: Design, valid: Design, sizes: { offsets: number[]; size: number }, opts: FitOptions = {}): { intercept: number; theta: Float64Array } {
  const { lr = DEFAULT_LR, maxEpochs = 400, patience = 6 } = opts
  const penalty = { ...DEFAULT_PENALTY, ...opts.penalty }
  const n = sizes.size
  const mask = smoothPairs(sizes.offsets, n)
  const moving = movingWeights(train, sizes)
  const theta = new Float64Array(n)
  const m = new Float64Array(n + 1)
  const v = new Float64Array(n + 1)
  let b = baseLogit(train)
  const schedule = new FitSchedule(lr, maxEpochs, patience)
  let best = { theta: theta.slice(), b }
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    const z = rowLogits(train, theta, b)
    const g = lossGradient(train, z, n)
    addPenaltyGradient(g, theta, mask, penalty)
    for (let k = 0; k < n; k++) g[k]! *= moving[k]!
    const rate = schedule.rate(epoch)
    for (let k = 0; k <= n; k++) {
      const gk = g[k]!
      m[k] = 0.9 * m[k]! + 0.1 * gk
      v[k] = 0.999 * v[k]! + 0.001 * gk * gk
      const step = (rate * (m[k]! / (1 - 0.9 ** epoch))) / (Math.sqrt(v[k]! / (1 - 0.999 ** epoch)) + 1e-8)
      if (k === n) b -= step
      else theta[k] = theta[k]! - step
    }
    if (!schedule.checks(epoch)) continue
    const vl = weightedLogLoss(valid, rowLogits(valid, theta, b))
    opts.onEpoch?.(epoch, weightedLogLoss(train, z), vl)
    const verdict = schedule.check(epoch, vl)
    if (verdict.keep) best = { theta: theta.slice(), b }
    if (verdict.stop) break
  }
  return { intercept: best.b, theta: best.theta }
}

/** The log-odds of the weighted base rate: where the intercept starts, with every bin weight at 0. */
export function baseLogit(d: Design): number {
  let wsum = 0
  let ysum = 0
  for (let r = 0; r < d.rows; r++) {
    wsum += d.w[r]!
    ysum += d.w[r]! * d.y[r]!
  }
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, ysum / wsum))
  return Math.log(rate / (1 - rate))
}

/**
 * Builds centred terms (population-mean contribution 0, moved into the intercept), dropping ~0 terms: one per
 * feature of `edges` (the design's first columns; pair columns after them are read by `toPairs`).
 */
export function toGam(fit: { intercept: number; theta: Float64Array }, d: Design, sizes: { offsets: number[] }, names: string[], edges: number[][]): GamParameters {
  let intercept = fit.intercept
  const terms: BinnedTerm[] = []
  for (let f = 0; f < edges.length; f++) {
    const o = sizes.offsets[f] as number, len = (edges[f] as number[]).length + 2
    let mean = 0; for (let r = 0; r < d.rows; r++) mean += fit.theta[d.index[r * d.cols + f] as number] as number
    mean /= Math.max(1, d.rows)
    const weights = Array.from(fit.theta.subarray(o, o + len), (x) => Number((x - mean).toPrecision(6)))
    if (weights.every((x) => Math.abs(x) < 1e-4)) continue
    intercept += mean
    terms.push({ feature: names[f] as string, edges: edges[f] as number[], weights })
  }
  return { kind: 'gam', intercept: Number(intercept.toPrecision(8)), terms }
}

/** Platt scaling a·z + b fit by Newton's method on (logit, label) pairs. */
export function fitPlatt(z: ArrayLike<number>, y: ArrayLike<number>): { a: number; b: number } {
  let a = 1, b = 0
  for (let it = 0; it < 50; it++) {
    let ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9
    for (let i = 0; i < z.length; i++) {
      const zi = z[i] as number, p = sigmoid(a * zi + b), e = p - (y[i] as number), s = p * (1 - p)
      ga += e * zi; gb += e; haa += s * zi * zi; hab += s * zi; hbb += s
    }
    const det = haa * hbb - hab * hab; if (!(Math.abs(det) > 0)) break
    const da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det
    a -= da; b -= db
    if (Math.abs(da) + Math.abs(db) < 1e-10) break
  }
  return { a: Number(a.toPrecision(8)), b: Number(b.toPrecision(8)) }
}
