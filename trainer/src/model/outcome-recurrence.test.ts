import { compileGoal, type AuspexEvent } from '@auspex/core'
import { describe, expect, it } from 'vitest'
import { oneTimeOutcomeCase, repurchaseCase } from '../cases/index.ts'
import { countRecurrence, ONE_TIME_MAX_RECURRENCE, resolveAfterOutcome } from './outcome-recurrence.ts'

function byProfile(events: readonly AuspexEvent[]): AuspexEvent[][] {
  const map = new Map<string, AuspexEvent[]>()
  for (const e of events) map.set(e.profileId, [...(map.get(e.profileId) ?? []), e])
  return [...map.values()].map((list) => list.sort((a, b) => a.timestamp - b.timestamp))
}

describe('one-time outcomes are recognised from the data', () => {
  it('a withdrawal (once per profile) is one-time: profiles that had it are excluded', () => {
    const c = oneTimeOutcomeCase(7, 600)
    const r = countRecurrence(byProfile(c.events), compileGoal(c.goal))
    expect(r.profiles).toBeGreaterThan(50)
    expect(r.repeated).toBe(0)
    const { spec, resolved } = resolveAfterOutcome(c.goal, r)
    expect(resolved).toMatchObject({ afterOutcome: 'exclude', source: 'data' })
    expect(spec.eligible?.afterOutcome).toBe('exclude')
    expect(spec.eligible?.activeWithin).toBe(c.goal.eligible?.activeWithin)
  })

  it('a repurchase recurs: profiles are kept', () => {
    const c = repurchaseCase(5, 400)
    const r = countRecurrence(byProfile(c.events), compileGoal(c.goal))
    expect(r.share).toBeGreaterThan(ONE_TIME_MAX_RECURRENCE)
    expect(resolveAfterOutcome(c.goal, r).resolved.afterOutcome).toBe('keep')
  })

  it("the goal's own word wins, and lines of one order count once", () => {
    const goal = compileGoal({ name: 'g', propensity: 'conversion', window: '7d', outcome: { anyOf: [{ type: 'purchase' }] } })
    const order = [0, 0, 0].map((t, i): AuspexEvent => ({ profileId: 'p', timestamp: t, type: 'purchase', item: `i${i}` }))
    expect(countRecurrence([order], goal)).toEqual({ profiles: 1, repeated: 0, share: 0 })
    const kept = resolveAfterOutcome({ ...goal.spec, eligible: { afterOutcome: 'keep' } }, countRecurrence([order], goal))
    expect(kept.resolved).toMatchObject({ afterOutcome: 'keep', source: 'goal' })
  })
})
