import type { Prediction, Segment } from '@auspex/core'
import type { ReportSegments } from '../types.ts'

/**
 * Evaluates segment rules on one model's population for the report: rules that read only `goal` get
 * their size, share and members' mean score; the others are listed with the goals they need.
 */
export async function reportSegments(segments: readonly Segment[], goal: string, population: AsyncIterable<{ prediction: Prediction }>, asOf: number): Promise<ReportSegments> {
  const own = segments.filter((s) => s.goals.every((g) => g === goal))
  const acc = own.map(() => ({ size: 0, sum: 0 }))
  let n = 0
  for await (const { prediction } of population) {
    n++
    const byGoal = { [goal]: prediction }
    own.forEach((s, i) => { if (s.matches(byGoal)) { acc[i]!.size++; acc[i]!.sum += prediction.score } })
  }
  const description = (s: Segment) => (s.rule.description === undefined ? {} : { description: s.rule.description })
  return {
    asOf: new Date(asOf).toISOString(),
    population: n,
    segments: own.map((s, i) => ({ name: s.name, ...description(s), size: acc[i]!.size, share: n ? acc[i]!.size / n : 0, meanScore: acc[i]!.size ? acc[i]!.sum / acc[i]!.size : null })),
    needs: segments.filter((s) => !own.includes(s)).map((s) => ({ name: s.name, ...description(s), goals: s.goals.filter((g) => g !== goal) })),
  }
}
