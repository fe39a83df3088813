/** Factor statistics for the report: overall mean |contribution| and, per bucket, how often each factor is high. */
import type { Model } from '@auspex/core'
import type { FactorStats } from '../types.ts'

/** Aggregates explanations of feature vectors (e.g. the eligible population at the last cut-off). */
export function factorStats(model: Model, rows: Iterable<Float32Array>, top = 10): FactorStats {
  const overall = new Map<string, { name: string; abs: number; high: number }>()
  const buckets = { low: new Map<string, { name: string; n: number; up: number }>(), medium: new Map(), high: new Map() } as Record<'low' | 'medium' | 'high', Map<string, { name: string; n: number; up: number }>>
  const sizes = { low: 0, medium: 0, high: 0 }
  let n = 0
  const names = new Map(model.engine.spec.map((d) => [d.code, d.name]))
  for (const x of rows) {
    n++
    const score = model.score(x), ex = model.explain(x)
    sizes[score.bucket]++
    for (const f of ex.factors) {
      const o = overall.get(f.code) ?? { name: names.get(f.code) ?? f.code, abs: 0, high: 0 }
      o.abs += Math.abs(f.contribution); if (f.importance === 'high') o.high++
      overall.set(f.code, o)
      if (f.importance === 'high') {
        const b = buckets[score.bucket].get(f.code) ?? { name: names.get(f.code) ?? f.code, n: 0, up: 0 }
        b.n++; if (f.contribution > 0) b.up++
        buckets[score.bucket].set(f.code, b)
      }
    }
  }
  const byBucket = {} as FactorStats['byBucket']
  for (const k of ['low', 'medium', 'high'] as const) {
    byBucket[k] = [...buckets[k]].map(([code, b]) => ({ code, name: b.name, share: sizes[k] ? b.n / sizes[k] : 0, direction: (b.up * 2 >= b.n ? 'up' : 'down') as 'up' | 'down' }))
      .sort((a, b) => b.share - a.share || (a.code < b.code ? -1 : 1)).slice(0, top)
  }
  return {
    overall: [...overall].map(([code, o]) => ({ code, name: o.name, meanAbsContribution: n ? o.abs / n : 0, shareHigh: n ? o.high / n : 0 }))
      .sort((a, b) => b.meanAbsContribution - a.meanAbsContribution || (a.code < b.code ? -1 : 1)).slice(0, top),
    byBucket,
  }
}
