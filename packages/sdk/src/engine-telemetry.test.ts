import { scoreBin, utcDay } from '@auspex/core'
import { describe, expect, it } from 'vitest'
import { openDb } from './db.ts'
import { TELEMETRY_META_KEY } from './engine-telemetry.ts'
import type { FetchFn } from './model-fetch.ts'
import { resolveOptions } from './options.ts'
import { destroyEnginesAfterEach, engineOptions, startEngine } from './test-support/engine-harness.ts'
import { DAY, GOAL, HOUR, MIN, T0, testArtifact } from './test-support/fixtures.ts'

destroyEnginesAfterEach()

/** A fetch that records `POST /v1/telemetry` bodies and answers 204 (host models: nothing else is fetched). */
function telemetryEdge() {
  const reports: unknown[] = []
  const fetch: FetchFn = async (url, init) => {
    if (url === 'https://edge.test/v1/telemetry' && init?.method === 'POST') {
      reports.push(JSON.parse(init.body!))
      return new Response(null, { status: 204 })
    }
    return new Response('{}', { status: 404 })
  }
  return { reports, fetch }
}

/** Visits on day 1 (T0): page views, an add to cart and two events of a type the model does not know. */
const day1 = [
  { type: 'pageView', timestamp: T0 },
  { type: 'wishlist', timestamp: T0 + MIN },
  { type: 'addToCart', timestamp: T0 + 2 * MIN },
  { type: 'wishlist', timestamp: T0 + 3 * MIN },
  { type: 'pageView', timestamp: T0 + HOUR },
]

describe('opt-in telemetry (telemetry: true)', () => {
  it('is off by default: nothing is sent, nothing kept', async () => {
    for (const telemetry of [undefined, false]) {
      const edge = telemetryEdge()
      const opts = engineOptions({ endpoint: 'https://edge.test', models: [testArtifact(1)], ...(telemetry === false ? { telemetry } : {}) })
      const { engine } = await startEngine(opts, { fetch: edge.fetch })
      for (const e of day1) await engine.track(e, e.timestamp)
      await engine.track({ type: 'pageView', timestamp: T0 + 2 * DAY }, T0 + 2 * DAY)
      await engine.destroy()
      expect(edge.reports).toEqual([])
    }
  })

  it("sends the previous day's latest-score bin and unknown types once, on the first activity of a new day", async () => {
    const edge = telemetryEdge()
    const opts = engineOptions({ endpoint: 'https://edge.test', models: [testArtifact(1)], telemetry: true })
    const { engine, scores } = await startEngine(opts, { fetch: edge.fetch })
    for (const e of day1) await engine.track(e, e.timestamp)
    const last = scores.at(-1)!
    expect(last.eligible).toBe(true)
    expect(edge.reports).toEqual([])
    await engine.track({ type: 'pageView', timestamp: T0 + DAY }, T0 + DAY)
    await engine.track({ type: 'addToCart', timestamp: T0 + DAY + MIN }, T0 + DAY + MIN)
    await engine.destroy()
    const histogram = new Array(20).fill(0)
    histogram[scoreBin(last.probability)] = 1
    // aggregates only: exactly these fields, no profile id, no events
    expect(edge.reports).toEqual([{ goal: GOAL, version: testArtifact(1).version, day: utcDay(T0), histogram, unknownTypes: { wishlist: 2 } }])
  })

  it('keeps the day across restarts and sends it once, from the first engine that sees the next day', async () => {
    const edge = telemetryEdge()
    const opts = engineOptions({ endpoint: 'https://edge.test', models: [testArtifact(1)], telemetry: true })
    const a = await startEngine(opts, { fetch: edge.fetch }, T0)
    for (const e of day1) await a.engine.track(e, e.timestamp)
    await a.engine.destroy()
    const b = await startEngine(opts, { fetch: edge.fetch }, T0 + DAY)
    await b.engine.score(GOAL, T0 + DAY)
    await b.engine.destroy()
    expect(edge.reports).toHaveLength(1)
    expect(edge.reports[0]).toMatchObject({ day: utcDay(T0), unknownTypes: { wishlist: 2 } })
    const c = await startEngine(opts, { fetch: edge.fetch }, T0 + DAY + HOUR)
    await c.engine.track({ type: 'pageView', timestamp: T0 + DAY + HOUR }, T0 + DAY + HOUR)
    await c.engine.destroy()
    expect(edge.reports).toHaveLength(1)
    expect(TELEMETRY_META_KEY).toBe('telemetry')
  })

  it('drops a day older than the 7 the edge accepts, and sends nothing without consent', async () => {
    const edge = telemetryEdge()
    const opts = engineOptions({ endpoint: 'https://edge.test', models: [testArtifact(1)], telemetry: true })
    const a = await startEngine(opts, { fetch: edge.fetch }, T0)
    for (const e of day1) await a.engine.track(e, e.timestamp)
    await a.engine.destroy()
    const b = await startEngine(opts, { fetch: edge.fetch }, T0 + 9 * DAY)
    await b.engine.track({ type: 'pageView', timestamp: T0 + 9 * DAY }, T0 + 9 * DAY)
    await b.engine.destroy()
    expect(edge.reports).toEqual([])
    const c = await startEngine({ ...opts, namespace: `${opts.namespace}-c`, consent: false }, { fetch: edge.fetch }, T0)
    for (const e of day1) await c.engine.track(e, e.timestamp)
    await c.engine.track({ type: 'pageView', timestamp: T0 + DAY }, T0 + DAY)
    await c.engine.destroy()
    expect(edge.reports).toEqual([])
  })

  it('an unreadable stored day is replaced, not sent, and counting goes on', async () => {
    const edge = telemetryEdge()
    const opts = engineOptions({ endpoint: 'https://edge.test', models: [testArtifact(1)], telemetry: true })
    const db = await openDb(opts.namespace)
    await db.put('meta', '{"day":', TELEMETRY_META_KEY)
    db.close()
    const { engine } = await startEngine(opts, { fetch: edge.fetch }, T0)
    for (const e of day1) await engine.track(e, e.timestamp)
    await engine.track({ type: 'pageView', timestamp: T0 + DAY }, T0 + DAY)
    await engine.destroy()
    expect(edge.reports).toHaveLength(1)
    expect(edge.reports[0]).toMatchObject({ day: utcDay(T0), unknownTypes: { wishlist: 2 } })
  })

  it('counts unknown types named like Object.prototype members as any other', async () => {
    const edge = telemetryEdge()
    const opts = engineOptions({ endpoint: 'https://edge.test', models: [testArtifact(1)], telemetry: true })
    const { engine } = await startEngine(opts, { fetch: edge.fetch }, T0)
    for (const [i, type] of ['pageView', 'constructor', 'constructor', 'toString', '__proto__'].entries()) {
      await engine.track({ type, timestamp: T0 + i * MIN }, T0 + i * MIN)
    }
    await engine.track({ type: 'pageView', timestamp: T0 + DAY }, T0 + DAY)
    await engine.destroy()
    expect(edge.reports).toHaveLength(1)
    const { unknownTypes } = edge.reports[0] as { unknownTypes: Record<string, number> }
    expect(Object.entries(unknownTypes).sort()).toEqual(expect.arrayContaining([['constructor', 2], ['toString', 1]]))
    for (const n of Object.values(unknownTypes)) expect(typeof n).toBe('number')
  })

  it('the option is checked at the door', () => {
    expect(resolveOptions({ goals: [GOAL], endpoint: 'https://edge.test' }).options.telemetry).toBeUndefined()
    expect(resolveOptions({ goals: [GOAL], endpoint: 'https://edge.test', telemetry: true }).options.telemetry).toBe(true)
    expect(resolveOptions({ goals: [GOAL], endpoint: 'https://edge.test', telemetry: 'yes' as unknown as boolean }).problems).toEqual(['telemetry: expected true or false'])
  })
})
