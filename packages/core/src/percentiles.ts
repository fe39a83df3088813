/**
 * The 1st … 99th percentiles of a population's probabilities (linear interpolation), for an artifact's
 * `percentiles` table. Empty input gives evenly spaced thresholds 0.01 … 0.99.
 */
export function percentileThresholds(probabilities: ArrayLike<number>): number[] {
  const sorted = Float64Array.from(probabilities).sort()
  const n = sorted.length
  return Array.from({ length: 99 }, (_, k) => {
    if (n === 0) return (k + 1) / 100
    const pos = ((k + 1) / 100) * (n - 1)
    const lo = Math.floor(pos)
    const hi = Math.min(n - 1, lo + 1)
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
  })
}

/** A URL-safe model version from a creation time and a content hash: `20261128T153000Z-1a2b3c4d`. */
export function versionId(createdAt: Date, hash: string): string {
  const stamp = createdAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
  return `${stamp}-${hash.replace(/^sha256-/, '').slice(0, 8)}`
}
