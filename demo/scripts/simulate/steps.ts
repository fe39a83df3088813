/**
 * The building blocks of a simulated visit: steps (an event without its time and profile), and the two ways to
 * time them — forwards from a visit's start, or backwards so the visit ends just before a real order.
 */
import { lineTotal, type RetailLine } from '../retail-rows.ts'
import type { Prng } from './prng.ts'
import { DWELL_SECONDS, SEARCH_SHARE } from './rates.ts'
import { pence, type SimEvent, type SimType } from './sim-event.ts'

/** One event of a visit before it gets a time and a profile. */
export interface Step { type: SimType; value?: number; item?: string }

function dwellMs(rng: Prng): number {
  return rng.int(DWELL_SECONDS.min, DWELL_SECONDS.max) * 1000
}

function at(profileId: string, timestamp: number, s: Step): SimEvent {
  const e: SimEvent = { profileId, timestamp, type: s.type }
  if (s.value !== undefined) e.value = s.value
  if (s.item !== undefined) e.item = s.item
  return e
}

/** A product view of a real line's product (value = its unit price). */
export function view(line: RetailLine): Step {
  return { type: 'productView', item: line.stockCode, value: line.unitPrice }
}

/** How a visit starts: a page view, and a search in {@link SEARCH_SHARE} of visits. */
export function landing(rng: Prng): Step[] {
  return rng.chance(SEARCH_SHARE) ? [{ type: 'pageView' }, { type: 'search' }] : [{ type: 'pageView' }]
}

/** The value of a cart of these lines, in pence. */
export function cartTotal(lines: readonly RetailLine[]): number {
  return pence(lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0))
}

/** Times `steps` forwards from `start`, one dwell apart. */
export function placeFrom(profileId: string, steps: readonly Step[], start: number, rng: Prng): SimEvent[] {
  let t = start
  return steps.map((s, i) => {
    if (i > 0) t += dwellMs(rng)
    return at(profileId, t, s)
  })
}

/**
 * Times for `steps` ending one dwell before `end`, each a dwell apart; squeezed evenly into (notBefore, end)
 * when the dwells do not fit (an order placed minutes after the previous one continues that visit).
 */
export function placeBefore(profileId: string, steps: readonly Step[], end: number, notBefore: number, rng: Prng): SimEvent[] {
  const gaps = steps.map(() => dwellMs(rng))
  const total = gaps.reduce((s, g) => s + g, 0)
  const room = end - notBefore
  const scale = total < room ? 1 : room / (total + 1000)
  let t = end
  const out: SimEvent[] = new Array(steps.length)
  for (let i = steps.length - 1; i >= 0; i--) {
    t -= gaps[i]! * scale
    // whole seconds like the real times, unless squeezed between two orders minutes apart
    out[i] = at(profileId, scale === 1 ? t : Math.round(t), steps[i]!)
  }
  return out
}

/** A real line as an event at its own time: `purchase`, value = the line total. */
export function purchaseAt(profileId: string, line: RetailLine): SimEvent {
  return at(profileId, line.timestamp, { type: 'purchase', value: lineTotal(line), item: line.stockCode })
}
