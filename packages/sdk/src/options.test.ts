import { describe, expect, it } from 'vitest'
import { resolveOptions, type AuspexOptions } from './options.ts'
import { GOAL } from './test-support/fixtures.ts'

const base = { goals: [GOAL], endpoint: 'https://edge.test' }
const problems = (extra: Record<string, unknown>) => resolveOptions({ ...base, ...extra } as AuspexOptions).problems

describe('segment and destination options', () => {
  it('passes host rules and `true` to the engine; false or absent means no segments', () => {
    const rules = [{ name: 'a', goal: GOAL, bucket: 'high' as const }]
    expect(resolveOptions({ ...base, segments: rules }).options.segments).toEqual(rules)
    expect(resolveOptions({ ...base, segments: true }).options.segments).toBe(true)
    expect(resolveOptions({ ...base, segments: false }).options.segments).toBeUndefined()
    expect(resolveOptions(base).options.segments).toBeUndefined()
  })

  it('names the option and the fix for bad values', () => {
    expect(problems({ segments: 'yes' })).toEqual([expect.stringMatching(/^segments: expected an array/)])
    expect(problems({ segments: true, endpoint: undefined, models: [{}] })).toEqual([expect.stringMatching(/^segments: true fetches GET \{endpoint\}\/v1\/segments; give an endpoint/)])
    expect(problems({ destinations: 'html' })).toEqual([expect.stringMatching(/^destinations: expected/)])
    expect(problems({ onScore: 1 })).toEqual([expect.stringMatching(/^onScore: expected a function/)])
    expect(problems({ destinations: { dataLayer: true }, onScore: () => {} })).toEqual([])
  })
})
