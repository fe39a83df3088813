/**
 * Rank and probability metrics for a scored hold-out set: AUC (ties handled), PR-AUC, log-loss, Brier,
 * decile lift and cumulative gains, a calibration table and ROC points.
 */
import type { CalibrationRow, DecileRow } from '../types.ts'

/** Order of indices by descending score (stable on index for equal scores). */
function descending(scores: ArrayLike<number>): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i)
  return idx.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b)
}

/**
 * Weighted ROC AUC by the rank-sum formula; tied scores count one half.
 * @returns NaN when one class is absent
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>, weights?: ArrayLike<number>): number {
  const order = descending(scores)
  let pos = 0, neg = 0, area = 0, i = 0
  while (i < order.length) {
    let j = i, tp = 0, tn = 0
    const s = scores[order[i] as number] as number
    while (j < order.length && scores[order[j] as number] === s) {
      const k = order[j] as number, w = weights ? (weights[k] as number) : 1
      if (labels[k] === 1) tp += w; else tn += w
      j++
    }
    area += tn * (pos + tp / 2)
    pos += tp; neg += tn; i = j
  }
  return pos === 0 || neg === 0 ? NaN : area / (pos * neg)
}

/** Average precision (step-wise PR-AUC), tied scores processed as one threshold. */
export function prAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = descending(scores)
  const total = order.reduce((n, k) => n + (labels[k] === 1 ? 1 : 0), 0)
  if (total === 0) return NaN
  let tp = 0, seen = 0, ap = 0, i = 0
  while (i < order.length) {
    let j = i, dtp = 0
    const s = scores[order[i] as number] as number
    while (j < order.length && scores[order[j] as number] === s) { if (labels[order[j] as number] === 1) dtp++; j++ }
    seen += j - i; tp += dtp
    ap += (dtp / total) * (tp / seen)
    i = j
  }
  return ap
}

/** Mean log-loss with probabilities clipped to [1e-15, 1 − 1e-15]. */
export function logLoss(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < probs.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, probs[i] as number))
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p)
  }
  return sum / probs.length
}

/** Mean squared error of the probabilities. */
export function brier(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < probs.length; i++) sum += ((probs[i] as number) - (labels[i] as number)) ** 2
  return sum / probs.length
}

/** Decile table, decile 1 = highest scores; lift = decile rate / base rate. */
export function deciles(scores: ArrayLike<number>, labels: ArrayLike<number>): DecileRow[] {
  const order = descending(scores), n = order.length
  const total = order.reduce((s, k) => s + (labels[k] === 1 ? 1 : 0), 0)
  const base = n > 0 ? total / n : 0
  const rows: DecileRow[] = []
  let cum = 0
  for (let d = 1; d <= 10; d++) {
    const lo = Math.floor(((d - 1) * n) / 10), hi = Math.floor((d * n) / 10)
    let positives = 0
    for (let i = lo; i < hi; i++) if (labels[order[i] as number] === 1) positives++
    cum += positives
    const count = hi - lo, rate = count > 0 ? positives / count : 0
    rows.push({ decile: d, count, positives, rate, lift: base > 0 ? rate / base : 0, cumulativeGain: total > 0 ? cum / total : 0 })
  }
  return rows
}

/** Calibration table: `bins` equal-width bins of predicted probability; empty bins are left out. */
export function calibrationTable(probs: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): CalibrationRow[] {
  const sumP = new Float64Array(bins), sumY = new Float64Array(bins), count = new Float64Array(bins)
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i] as number, b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)))
    sumP[b] = (sumP[b] as number) + p; sumY[b] = (sumY[b] as number) + (labels[i] as number); count[b] = (count[b] as number) + 1
  }
  const rows: CalibrationRow[] = []
  for (let b = 0; b < bins; b++) {
    const c = count[b] as number
    if (c > 0) rows.push({ bin: b, meanPredicted: (sumP[b] as number) / c, observedRate: (sumY[b] as number) / c, count: c })
  }
  return rows
}

/**
 * Expected calibration error: the mean |mean predicted − observed rate| over `bins` equal-width probability bins,
 * weighted by each bin's count (the rows of {@link calibrationTable}). 0 for no examples.
 */
export function ece(probs: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): number {
  let sum = 0
  for (const r of calibrationTable(probs, labels, bins)) sum += r.count * Math.abs(r.meanPredicted - r.observedRate)
  return probs.length === 0 ? 0 : sum / probs.length
}

/** ROC curve points (fpr, tpr) from (0,0) to (1,1), thinned to at most `maxPoints`. */
export function rocPoints(scores: ArrayLike<number>, labels: ArrayLike<number>, maxPoints = 200): Array<{ fpr: number; tpr: number }> {
  const order = descending(scores)
  const P = order.reduce((s, k) => s + (labels[k] === 1 ? 1 : 0), 0), N = order.length - P
  const pts = [{ fpr: 0, tpr: 0 }]
  let tp = 0, fp = 0, i = 0
  while (i < order.length) {
    const s = scores[order[i] as number] as number
    while (i < order.length && scores[order[i] as number] === s) { if (labels[order[i] as number] === 1) tp++; else fp++; i++ }
    pts.push({ fpr: N > 0 ? fp / N : 0, tpr: P > 0 ? tp / P : 0 })
  }
  if (pts.length <= maxPoints) return pts
  const out: Array<{ fpr: number; tpr: number }> = []
  for (let k = 0; k < maxPoints; k++) out.push(pts[Math.round((k * (pts.length - 1)) / (maxPoints - 1))] as { fpr: number; tpr: number })
  return out
}
