import { afterEach, describe, expect, it } from 'vitest'
import { createAuspex, type Auspex } from './index.ts'
import type { AuspexScore } from './protocol.ts'
import { edgeSpace } from './test-support/browser-edge.ts'
import { until } from './test-support/fake-edge.ts'
import { CHURN_GOAL, DAY, MIN, T0, churnArtifact } from './test-support/fixtures.ts'

let n = 0
const open: Auspex[] = []
afterEach(() => open.splice(0).forEach((a) => a.destroy()))

/** An SDK on a stand-in edge with a clock the test moves; a day of activity, then the next day's first event. */
async function twoDays(telemetry: boolean | undefined) {
  const edge = edgeSpace()
  await edge.serve(churnArtifact())
  let t = T0 + 21 * DAY
  const scores: AuspexScore[] = []
  const auspex = createAuspex({
    endpoint: edge.endpoint, goals: [CHURN_GOAL], clock: () => t, namespace: `t${Date.now()}-${++n}`,
    onScore: (s) => void scores.push(s), ...(telemetry === undefined ? {} : { telemetry }),
  })
  open.push(auspex)
  await until(() => scores.length > 0)
  auspex.track({ type: 'productView', item: 'sku-1' })
  await until(() => scores.some((s) => s.changes?.cause.includes('productView')))
  t += DAY
  auspex.track({ type: 'addToCart', item: 'sku-1', value: 12.5 })
  await until(() => scores.some((s) => s.changes?.cause.includes('addToCart')))
  t += MIN
  return { edge, scores }
}

describe('in Chromium: live-score telemetry (the lifecycle issue\'s drift monitor)', () => {
  it('sends nothing by default', async () => {
    const { edge } = await twoDays(undefined)
    await new Promise((r) => setTimeout(r, 500))
    expect(await edge.telemetry()).toEqual([])
  })

  it('with telemetry: true, sends the previous day once: one count in the bin of its latest score, no ids', async () => {
    const { edge, scores } = await twoDays(true)
    const reports = await until(async () => {
      const got = await edge.telemetry()
      return got.length > 0 ? got : undefined
    })
    expect(reports).toHaveLength(1)
    const report = reports[0]!
    const day = new Date(T0 + 21 * DAY).toISOString().slice(0, 10)
    expect(report).toMatchObject({ goal: CHURN_GOAL, version: churnArtifact().version, day })
    expect(report.histogram).toHaveLength(20)
    expect(report.histogram.reduce((a, b) => a + b, 0)).toBe(1)
    const latest = scores.filter((s) => s.changes?.cause.includes('productView')).at(-1)!
    expect(report.histogram[Math.min(19, Math.floor(latest.probability * 20))]).toBe(1)
    expect(Object.keys(report).sort()).toEqual(['day', 'goal', 'histogram', 'version'])
  })
})
