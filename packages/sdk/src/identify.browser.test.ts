import { commands } from 'vitest/browser'
import { afterEach, describe, expect, it } from 'vitest'
import type { FeatureState } from '@auspex/core'
import { createAuspex, type Auspex } from './index.ts'
import { openDb } from './db.ts'
import type { AuspexScore, ErrorInfo } from './protocol.ts'
import { edgeSpace } from './test-support/browser-edge.ts'
import { until } from './test-support/fake-edge.ts'
import { DAY, GOAL, HOUR, MIN, T0, shoppingEvents, testArtifact } from './test-support/fixtures.ts'

/**
 * `identify` in Chromium: real module worker, real IndexedDB, the grant route of the stand-in edge answering the
 * state that core builds in Node from the customer's batch history (what `auspex score --publish-profiles`
 * publishes). Every merged score is compared with core's score of the union of the events, in Node.
 */
const artifact = testArtifact(1)
const NOW = T0 + 21 * DAY
const open: Auspex[] = []
afterEach(() => open.splice(0).forEach((a) => a.destroy()))

type Ev = { type: string; timestamp: number; item?: string; value?: number }
/** The customer's history in the shop's records: an old order, then the first two weeks of shoppingEvents(). */
const history: Ev[] = [
  { type: 'pageView', timestamp: T0 - 40 * DAY, item: 'X' },
  { type: 'purchase', timestamp: T0 - 40 * DAY + 5 * MIN, value: 300 },
  ...shoppingEvents().filter((e) => e.timestamp < T0 + 14 * DAY),
]
/** This browser, anonymous so far: one of the history's visits (before scoredAt), then two visits after it. */
const device: Ev[] = [
  shoppingEvents()[3]!,
  { type: 'addToCart', timestamp: T0 + 15 * DAY, item: 'Z', value: 30 },
  { type: 'pageView', timestamp: T0 + 20 * DAY + HOUR, item: 'Y' },
]

const answer = (state: FeatureState, scoredAt: number) => ({
  profileId: 'c1', goals: { [GOAL]: { modelVersion: artifact.version, scoredAt: new Date(scoredAt).toISOString(), state } },
})

async function start(endpoint: string, namespace = `id${Date.now()}-${Math.random()}`) {
  const errors: ErrorInfo[] = []
  const scores: AuspexScore[] = []
  const auspex = createAuspex({ endpoint, goals: [GOAL], clock: () => NOW, namespace, onError: (e) => void errors.push(e) })
  auspex.subscribe(GOAL, (s) => void scores.push(s))
  open.push(auspex)
  await until(() => scores.length > 0) // the model arrived from the edge
  return { auspex, errors, scores, namespace }
}

const expectSame = (got: AuspexScore | null | undefined, want: AuspexScore) => {
  expect(Math.abs(got!.probability - want.probability)).toBeLessThan(1e-9)
  expect(got!.factors.map((f) => [f.code, f.value])).toEqual(want.factors.map((f) => [f.code, f.value]))
}

describe('identify in Chromium (module worker, IndexedDB)', () => {
  it('merges the batch state with exactly the device events after scoredAt, keeps merging, and a second identify replaces it', async () => {
    const edge = edgeSpace()
    await edge.serve(artifact)
    const scoredAt = T0 + 14 * DAY
    await edge.serveProfile('c1', 'grant-1', answer(await commands.coreState(artifact, history, scoredAt), scoredAt))
    const { auspex, errors, scores, namespace } = await start(edge.endpoint)
    await auspex.load(device)
    const anonymous = (await auspex.score(GOAL))!
    expectSame(anonymous, await commands.coreScore(artifact, device, NOW))

    const result = (await auspex.identify('c1', { grant: 'grant-1' }))!
    expect(result.merged).toEqual([GOAL])
    const union = [...history, ...device.slice(1)] // device[0] is in the history: counted once
    expectSame(result.goals[GOAL], await commands.coreScore(artifact, union, NOW))
    expect(result.goals[GOAL]!.probability).not.toBe(anonymous.probability)
    await until(() => scores.at(-1)!.probability === result.goals[GOAL]!.probability) // subscribers got it too

    // later events merge into it
    const later: Ev = { type: 'purchase', timestamp: NOW - MIN, value: 55 }
    auspex.track(later)
    const withLater = await commands.coreScore(artifact, [...union, later], NOW)
    await until(() => Math.abs(scores.at(-1)!.probability - withLater.probability) < 1e-9)
    expectSame(await auspex.score(GOAL), withLater)

    // a new generation, scored after the device's first visit reached the shop's records: it replaces the first
    const secondAt = T0 + 16 * DAY
    const secondHistory = [...history, device[1]!]
    await edge.serveProfile('c1', 'grant-2', answer(await commands.coreState(artifact, secondHistory, secondAt), secondAt))
    const second = (await auspex.identify('c1', { grant: 'grant-2' }))!
    expectSame(second.goals[GOAL], await commands.coreScore(artifact, [...secondHistory, device[2]!, later], NOW))

    // on-device data: kept in IndexedDB (a new instance scores the same), erased by forget()
    const db = await openDb(namespace)
    expect(JSON.parse((await db.get('meta', 'identity')) as string).profileId).toBe('c1')
    db.close()
    expect(errors).toEqual([])
    await auspex.forget()
    expectSame(await auspex.score(GOAL), await commands.coreScore(artifact, [], NOW))
  })

  it('resolves null and reports the refusal when the grant is wrong; the device score stays', async () => {
    const edge = edgeSpace()
    await edge.serve(artifact)
    await edge.serveProfile('c1', 'right', answer(await commands.coreState(artifact, history, T0 + 14 * DAY), T0 + 14 * DAY))
    const { auspex, errors } = await start(edge.endpoint)
    await auspex.load(device)
    expect(await auspex.identify('c1', { grant: 'wrong' })).toBeNull()
    expect(errors.map((e) => e.code)).toEqual(['GRANT_INVALID'])
    expectSame(await auspex.score(GOAL), await commands.coreScore(artifact, device, NOW))
  })
})
