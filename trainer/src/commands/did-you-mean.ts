/** Edit distance (insertions, deletions, substitutions, adjacent swaps) between two short strings. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1)
      d[i]![j] = best
    }
  }
  return d[a.length]![b.length]!
}

/**
 * The candidate a mistyped word most likely meant: the closest within 2 edits (1 for words of up to 4 letters), or
 * the only one it starts or is started by; undefined when nothing is close or two are equally close.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase()
  const scored = candidates.map((c) => ({ c, d: distance(w, c.toLowerCase()) })).sort((x, y) => x.d - y.d)
  const best = scored[0]
  if (best && best.d <= (w.length <= 4 ? 1 : 2) && scored[1]?.d !== best.d) return best.c
  const prefixed = candidates.filter((c) => w.length >= 3 && (c.toLowerCase().startsWith(w) || w.startsWith(c.toLowerCase())))
  return prefixed.length === 1 ? prefixed[0] : undefined
}
