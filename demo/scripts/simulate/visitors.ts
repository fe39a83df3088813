/**
 * Visitors who have not bought: anonymous visitors who never buy, and future customers before their first order.
 * Both come back the same number of times at the same intervals and browse alike (see `rates.ts`).
 */
import { browseSession } from './sessions.ts'
import { DATA_START, daytime, wholeSecond, type Placement } from './placement.ts'
import { VISIT_GAP, VISITOR_EXTRA_VISITS_MEAN } from './rates.ts'
import type { SimEvent } from './sim-event.ts'

/** A simulated profile: a real customer (real purchases and returns, simulated browsing) or an anonymous visitor. */
export interface SimProfile {
  id: string
  known: boolean
  /** in time order */
  events: SimEvent[]
}

const DAY = 86_400_000

/** Whether a visitor comes back once more: a geometric number of further visits, mean {@link VISITOR_EXTRA_VISITS_MEAN}. */
export function comesBack(p: Placement): boolean {
  return p.rng.chance(VISITOR_EXTRA_VISITS_MEAN / (1 + VISITOR_EXTRA_VISITS_MEAN))
}

/** The time from one visit of a visitor to their next. */
export function visitGap(p: Placement): number {
  return VISIT_GAP.minMs + p.rng.exponential(VISIT_GAP.meanMs)
}

/** Anonymous visitors who never buy: `count` sessions in all, 1 + a geometric number of visits each. */
export function anonymousVisitors(count: number, p: Placement): SimProfile[] {
  const out: SimProfile[] = []
  let left = count
  while (left > 0) {
    const id = `v${String(out.length + 1).padStart(6, '0')}`
    const events: SimEvent[] = []
    let start = daytime(DATA_START + p.rng.next() * (p.end - DATA_START - DAY), p)
    do {
      const session = browseSession(id, wholeSecond(start), p.rng.chance(p.pAbandon), p.rng, p.pool)
      const stop = session[session.length - 1]!.timestamp
      if (stop >= p.end) break
      events.push(...session)
      left--
      start = stop + visitGap(p)
    } while (left > 0 && comesBack(p))
    if (events.length > 0) out.push({ id, known: false, events })
  }
  return out
}
