import { describe, expect, it } from 'vitest'
import { createDestinations, type DestinationTarget } from './destinations.ts'
import type { AuspexScore, SegmentChange } from './protocol.ts'

function target() {
  const attributes: Array<[string, string]> = []
  const t: DestinationTarget = { root: { setAttribute: (n, v) => void attributes.push([n, v]) }, global: {} }
  return { t, attributes }
}
const change = (entered: string[], left: string[], segments: string[]): SegmentChange => ({ entered, left, segments, version: 'v1', scores: { g: { score: 50, bucket: 'medium' } } })
const score = (s: number, bucket: AuspexScore['bucket'], probability = s / 100): AuspexScore => ({
  goal: 'g', probability, score: s, percentile: s, bucket, modelVersion: 'm1', eligible: true,
  factors: [{ code: 'days_since_purchase', label: 'x', value: 1, contribution: 0.2, importance: 'high', direction: 'up' }],
})

describe('destinations', () => {
  it('sets the html attribute (space-separated) and pushes one enter/leave per segment', () => {
    const { t, attributes } = target()
    const d = createDestinations({ htmlAttribute: true, dataLayer: true }, t)
    d.segments(change(['a', 'b'], [], ['a', 'b']))
    d.segments(change(['c'], ['a'], ['b', 'c']))
    expect(attributes).toEqual([['data-auspex-segments', ''], ['data-auspex-segments', 'a b'], ['data-auspex-segments', 'b c']])
    const layer = t.global.dataLayer as Array<{ event: string; auspex: Record<string, unknown> }>
    expect(layer.map((e) => `${e.event}:${e.auspex.segment}`)).toEqual(['auspex_segment_enter:a', 'auspex_segment_enter:b', 'auspex_segment_leave:a', 'auspex_segment_enter:c'])
    expect(layer[3]!.auspex).toEqual({ segment: 'c', segments: ['b', 'c'], version: 'v1', scores: { g: { score: 50, bucket: 'medium' } } })
  })

  it('pushes auspex_score only when the score or bucket changes, without raw events or labels', () => {
    const { t } = target()
    const d = createDestinations({ dataLayer: 'myLayer' }, t)
    d.score(score(40, 'medium'))
    d.score(score(40, 'medium', 0.4001)) // probability moved, score did not
    d.score(score(41, 'medium'))
    expect(t.global.dataLayer).toBeUndefined()
    const layer = t.global.myLayer as Array<{ event: string; auspex: unknown }>
    expect(layer).toHaveLength(2)
    expect(layer[0]).toEqual({ event: 'auspex_score', auspex: { goal: 'g', score: 40, percentile: 40, bucket: 'medium', probability: 0.4, modelVersion: 'm1', eligible: true, topFactors: ['days_since_purchase'] } })
    d.score({ ...score(41, 'medium'), eligible: false }) // the same numbers, no longer a score: pushed, flagged
    expect(layer).toHaveLength(3)
    expect(layer[2]!.auspex).toMatchObject({ score: 41, eligible: false })
  })

  it('uses an existing data layer (e.g. a tag manager\'s) and a custom attribute name; nothing when not asked', () => {
    const { t, attributes } = target()
    const pushed: unknown[] = []
    t.global.dataLayer = { push: (e: unknown) => pushed.push(e) }
    createDestinations({ htmlAttribute: 'data-seg', dataLayer: true }, t).segments(change(['a'], [], ['a']))
    expect(attributes).toEqual([['data-seg', ''], ['data-seg', 'a']])
    expect(pushed).toHaveLength(1)
    const none = target()
    const d = createDestinations({}, none.t)
    d.segments(change(['a'], [], ['a']))
    d.score(score(1, 'low'))
    expect(none.attributes).toEqual([])
    expect(none.t.global).toEqual({})
  })
})
