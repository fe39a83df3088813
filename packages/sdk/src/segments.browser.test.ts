import { compileSegments, loadModel, matchingSegments, normalizeEvents, scoreEvents } from '@auspex/core'
import { afterEach, describe, expect, it } from 'vitest'
import { createAuspex, type Auspex, type AuspexOptions } from './index.ts'
import type { AuspexScore, ErrorInfo, SegmentChange } from './protocol.ts'
import { edgeSpace } from './test-support/browser-edge.ts'
import { until } from './test-support/fake-edge.ts'
import { GOAL, T0, shoppingEvents, testArtifact } from './test-support/fixtures.ts'

/** engaged: a medium bucket; cold: a score of 10 or less — the shopping sequence moves in and out of both. */
const RULES = [{ name: 'engaged', goal: GOAL, bucket: 'medium' as const }, { name: 'cold', goal: GOAL, score: { max: 10 } }]
type Push = { event: string; auspex: Record<string, unknown> }

let n = 0
const open: Auspex[] = []
afterEach(() => {
  open.splice(0).forEach((a) => a.destroy())
  delete (window as { dataLayer?: unknown }).dataLayer
  document.documentElement.removeAttribute('data-auspex-segments')
})

function make(extra: Partial<AuspexOptions> = {}) {
  const errors: ErrorInfo[] = []
  const changes: SegmentChange[] = []
  const scores: AuspexScore[] = []
  const forwarded: AuspexScore[] = []
  const clock = { now: T0 }
  const namespace = extra.namespace ?? `seg${Date.now()}-${++n}`
  const auspex = createAuspex({ goals: [GOAL], models: [testArtifact(1)], clock: () => clock.now, namespace, onError: (e) => void errors.push(e), onScore: (s) => void forwarded.push(s), ...extra })
  auspex.onSegments((c) => void changes.push(c))
  auspex.subscribe(GOAL, (s) => void scores.push(s))
  open.push(auspex)
  return { auspex, errors, changes, scores, forwarded, clock, namespace }
}

/** Per step of the sequence (and the empty profile first), core's score and segment set. */
function expected() {
  const model = loadModel(testArtifact(1))
  const segments = compileSegments(RULES)
  const events = shoppingEvents()
  return [scoreEvents(model, [], T0), ...events.map((e, i) => scoreEvents(model, normalizeEvents(events.slice(0, i + 1), 'p').events, e.timestamp + 1))]
    .map((p) => ({ score: p.score, bucket: p.bucket, set: matchingSegments(segments, { [GOAL]: p }).sort() }))
}
const settle = () => new Promise((r) => setTimeout(r, 300))

describe('segments and destinations in Chromium (real worker)', () => {
  it('enter/leave, the html attribute, dataLayer and onScore happen exactly once per transition', async () => {
    // each record's oldValue is the value before one setAttribute: the value each set wrote is the next record's
    // oldValue (the current one for the last). Reading the attribute in the callback instead saw only the latest
    // value when several sets landed in one task (the lazy destinations chunk loading under load).
    const olds: Array<string | null> = []
    const observer = new MutationObserver((records) => records.forEach((r) => void olds.push(r.oldValue)))
    observer.observe(document.documentElement, { attributes: true, attributeOldValue: true, attributeFilter: ['data-auspex-segments'] })
    const { auspex, errors, changes, scores, forwarded, clock } = make({ segments: RULES, destinations: { htmlAttribute: true, dataLayer: true } })
    await auspex.ready
    for (const e of shoppingEvents()) {
      clock.now = e.timestamp + 1
      auspex.track(e)
    }
    const steps = expected()
    const sets = steps.map((s) => s.set).filter((s, i, all) => i === 0 || s.join() !== all[i - 1]!.join())
    expect(sets.length).toBeGreaterThanOrEqual(5)
    await until(() => changes.length === sets.length)
    await settle()
    observer.takeRecords().forEach((r) => void olds.push(r.oldValue))
    observer.disconnect()
    const attributes = [...olds.slice(1), document.documentElement.getAttribute('data-auspex-segments')]
    // no WORKER_UNAVAILABLE (the worker ran); the sequence's 'search' is not in the test model's vocabulary
    expect(errors.map((e) => e.code)).toEqual(['UNKNOWN_EVENT_TYPE'])
    expect(changes.map((c) => c.segments)).toEqual(sets)
    // "" as soon as the SDK starts (in no segment yet), then one value per transition
    expect(attributes).toEqual(['', ...sets.map((s) => s.join(' '))])
    const layer = (window as unknown as { dataLayer: Push[] }).dataLayer
    const transitions = sets.flatMap((s, i) => {
      const before = i === 0 ? [] : sets[i - 1]!
      return [...before.filter((x) => !s.includes(x)).map((x) => `auspex_segment_leave:${x}`), ...s.filter((x) => !before.includes(x)).map((x) => `auspex_segment_enter:${x}`)]
    })
    expect(layer.filter((p) => p.event !== 'auspex_score').map((p) => `${p.event}:${p.auspex.segment}`)).toEqual(transitions)
    const scoreKeys = steps.map((s) => `${s.score}|${s.bucket}`).filter((k, i, all) => i === 0 || k !== all[i - 1])
    expect(layer.filter((p) => p.event === 'auspex_score').map((p) => `${p.auspex.score}|${p.auspex.bucket}`)).toEqual(scoreKeys)
    expect(forwarded).toEqual(scores)
    expect(forwarded.length).toBeGreaterThanOrEqual(scoreKeys.length)
    expect(JSON.stringify(layer)).not.toContain('sku') // never raw events
    expect(await auspex.segments()).toEqual(sets.at(-1))
  })

  it('forget() leaves every segment once (leave pushed), then the fresh profile enters its segments', async () => {
    const { auspex, changes } = make({ segments: RULES, destinations: { dataLayer: true } })
    auspex.track({ type: 'purchase', value: 250 })
    await until(() => changes.at(-1)?.segments.join() === 'engaged')
    await auspex.forget()
    await until(() => changes.at(-1)?.segments.join() === 'cold')
    await settle()
    const events = (window as unknown as { dataLayer: Push[] }).dataLayer.filter((p) => p.event !== 'auspex_score').map((p) => `${p.event}:${p.auspex.segment}`)
    expect(events).toEqual(['auspex_segment_enter:cold', 'auspex_segment_leave:cold', 'auspex_segment_enter:engaged', 'auspex_segment_leave:engaged', 'auspex_segment_enter:cold'])
  })

  it('tabs: each tab sees one change per transition, also for an event tracked in the other tab', async () => {
    const a = make({ segments: RULES })
    const b = make({ segments: RULES, namespace: a.namespace })
    await Promise.all([a.auspex.ready, b.auspex.ready])
    a.auspex.track({ type: 'purchase', value: 250 })
    await until(() => b.changes.at(-1)?.segments.join() === 'engaged')
    await settle()
    for (const tab of [a, b]) expect(tab.changes.map((c) => c.segments.join())).toEqual(['cold', 'engaged'])
  })

  it('edge segments: fetched from GET /v1/segments, revalidated with the ETag, used offline from the cache', async () => {
    const edge = edgeSpace()
    await edge.serveSegments('v1', [RULES[1]])
    const a = make({ endpoint: edge.endpoint, segments: true, revalidateEvery: 300 })
    await until(() => a.changes.length > 0)
    expect(a.changes[0]).toMatchObject({ entered: ['cold'], version: 'v1' })
    await until(async () => (await edge.requests()).some((r) => r.goal === '__segments' && r.status === 304 && r.ifNoneMatch === '"v1"'))
    await edge.serveSegments('v2', RULES)
    a.auspex.track({ type: 'purchase', value: 250 })
    await until(() => a.changes.at(-1)?.version === 'v2' && a.changes.at(-1)?.segments.join() === 'engaged')
    a.auspex.destroy()
    await edge.setDown(true)
    const b = make({ endpoint: edge.endpoint, segments: true, namespace: a.namespace })
    expect(await b.auspex.segments()).toEqual(['engaged'])
    expect(b.changes).toMatchObject([{ entered: ['engaged'], version: 'v2' }])
    await until(() => b.errors.some((e) => e.code === 'SEGMENTS_FETCH_FAILED'))
    expect(a.errors).toEqual([])
  })

  it('invalid rules are reported with the JSON path; the page never sees a throw', async () => {
    const { auspex, errors, changes } = make({ segments: [{ name: 'ok', goal: GOAL, bucket: 'low' }, { name: 'x', goal: GOAL, score: { min: 200 } }] as never })
    await auspex.ready
    expect(errors.map((e) => e.code)).toEqual(['INVALID_SEGMENT'])
    expect(errors[0]!.message).toContain('[1].score.min')
    expect(await auspex.segments()).toEqual([])
    expect(changes).toEqual([])
  })
})
