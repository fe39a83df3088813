import type { PredictionLike } from '@auspex/core'
import type { ScoreRow } from './score-file.ts'

/** A factor frequent among a segment's members, for one goal. */
export interface SegmentFactor {
  goal: string
  code: string
  /** the feature's name from the model (`--model`), else its code */
  name: string
  /** members with this factor among their top factors for `goal` */
  members: number
  /** members / the segment's members scored for `goal` */
  share: number
  /** mean contribution to the logit among those members */
  meanContribution: number
}

/** One segment over a scored population. */
export interface SegmentStats {
  name: string
  /** profiles in the segment */
  size: number
  /** size / scored profiles */
  share: number
  /** goal → mean 0–100 score of the members scored for that goal */
  meanScore: Record<string, number>
  /** the most frequent factors among members (all goals), most frequent first */
  topFactors: SegmentFactor[]
}

/** The population view: every segment's size, share, mean scores and top factors. */
export interface SegmentSummary {
  /** scored profiles (each counted once, whatever its number of goals) */
  profiles: number
  goals: string[]
  segments: SegmentStats[]
}

/** A score file's rows of one profile as predictions by goal, for segment rules (direction = sign of the contribution, as core explains). */
export function rowPredictions(rows: readonly ScoreRow[]): Record<string, PredictionLike> {
  const out: Record<string, PredictionLike> = {}
  for (const r of rows) {
    out[r.goal] = { probability: r.probability, score: r.score, percentile: r.percentile, bucket: r.bucket, factors: r.factors.map((f) => ({ code: f.code, importance: f.importance, direction: f.contribution >= 0 ? 'up' : 'down' })) }
  }
  return out
}

interface Acc { size: number; scores: Map<string, { sum: number; n: number }>; factors: Map<string, { goal: string; code: string; n: number; sum: number }> }

/** Streaming aggregation of segment membership: add each profile's rows and its segments, then `summary()`. */
export class SegmentTally {
  private profiles = 0
  private readonly goals = new Set<string>()
  private readonly acc = new Map<string, Acc>()

  /** @param names segments to report even when empty, in this order (others follow as first seen) */
  constructor(names: readonly string[] = []) {
    for (const n of names) this.segment(n)
  }

  private segment(name: string): Acc {
    let a = this.acc.get(name)
    if (!a) { a = { size: 0, scores: new Map(), factors: new Map() }; this.acc.set(name, a) }
    return a
  }

  /** Counts one profile: its rows (one per goal) and the names of the segments it belongs to. */
  add(rows: readonly ScoreRow[], segments: readonly string[]): void {
    this.profiles++
    for (const r of rows) this.goals.add(r.goal)
    for (const name of new Set(segments)) {
      const a = this.segment(name)
      a.size++
      for (const r of rows) {
        const s = a.scores.get(r.goal) ?? { sum: 0, n: 0 }
        s.sum += r.score; s.n++
        a.scores.set(r.goal, s)
        for (const f of r.factors) {
          const key = `${r.goal}\u0000${f.code}`
          const x = a.factors.get(key) ?? { goal: r.goal, code: f.code, n: 0, sum: 0 }
          x.n++; x.sum += f.contribution
          a.factors.set(key, x)
        }
      }
    }
  }

  /**
   * The summary; `topFactors` factors per segment (default 5), ties broken by |mean contribution|.
   * `names` maps factor codes to feature names (e.g. from the models' feature specs).
   */
  summary(topFactors = 5, names: ReadonlyMap<string, string> = new Map()): SegmentSummary {
    const segments = [...this.acc].map(([name, a]): SegmentStats => ({
      name, size: a.size, share: this.profiles ? a.size / this.profiles : 0,
      meanScore: Object.fromEntries([...a.scores].map(([g, s]) => [g, s.sum / s.n])),
      topFactors: [...a.factors.values()]
        .map((x) => ({ goal: x.goal, code: x.code, name: names.get(x.code) ?? x.code, members: x.n, share: x.n / (a.scores.get(x.goal)?.n ?? x.n), meanContribution: x.sum / x.n }))
        .sort((p, q) => q.members - p.members || Math.abs(q.meanContribution) - Math.abs(p.meanContribution) || (p.code < q.code ? -1 : 1))
        .slice(0, topFactors),
    }))
    return { profiles: this.profiles, goals: [...this.goals], segments }
  }
}
