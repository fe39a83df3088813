/**
 * A one-time outcome (course withdrawal): students enrol, study with a personal engagement that fades, and
 * withdraw at most once — more likely the longer they have been inactive. After withdrawing they do nothing
 * more. Trained without excluding profiles that already withdrew, a model learns "long inactivity → no
 * withdrawal" from them (they are negative at every later snapshot) and is at chance for those still at risk.
 */
import type { AuspexEvent } from '@auspex/core'
import { DAY, type AccuracyCase } from './case-types.ts'
import { createRng } from './prng.ts'

export function oneTimeOutcomeCase(seed = 7, students = 3000): AccuracyCase {
  const rng = createRng(seed)
  const start = Date.UTC(2020, 0, 1)
  const days = 400
  const events: AuspexEvent[] = []
  for (let s = 0; s < students; s++) {
    const profileId = `s${s}`
    const first = rng.int(0, 300)
    events.push({ profileId, timestamp: start + first * DAY + rng.int(8, 20) * 3_600_000, type: 'enrol' })
    let rate = 0.15 + rng.next() * 0.6 // chance of studying on a given day
    const fade = 0.990 + rng.next() * 0.0095
    let idle = 0
    for (let d = first + 1; d < days; d++) {
      // the longer since the last study day, the likelier a withdrawal today
      if (rng.chance(0.001 + 0.0015 * Math.min(idle, 40))) {
        events.push({ profileId, timestamp: start + d * DAY + rng.int(8, 20) * 3_600_000, type: 'withdraw' })
        break
      }
      if (rng.chance(rate)) {
        idle = 0
        const n = rng.int(1, 3)
        for (let k = 0; k < n; k++) {
          events.push({ profileId, timestamp: start + d * DAY + rng.int(7, 22) * 3_600_000 + k * 60_000, type: rng.pick(['login', 'lecture', 'assignment']) })
        }
      } else {
        idle++
      }
      rate *= fade
    }
  }
  return {
    name: 'one-time outcome (withdrawal)',
    failureClass: 'one-time outcomes: profiles that already had the outcome stay eligible',
    events,
    goal: { name: 'withdraw-30d', propensity: 'conversion', window: '30d', outcome: { anyOf: [{ type: 'withdraw' }] }, eligible: { activeWithin: '90d' } },
    cut: start + 330 * DAY,
  }
}
