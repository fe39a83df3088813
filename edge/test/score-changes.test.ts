import { buildState, loadModel, normalizeEvents, scoreEvents } from '@auspex/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { HOUR, T0, activate, call, purchaseGoal, testArtifact, upload } from './support.ts'

const artifact = testArtifact({ goal: { ...purchaseGoal, name: 'changes-30d' } })
const model = loadModel(artifact)
const iso = (ms: number) => new Date(ms).toISOString()

const events = [
  { profileId: 'p1', timestamp: iso(T0 - 40 * 24 * HOUR), type: 'purchase', value: 20 },
  { profileId: 'p1', timestamp: iso(T0), type: 'pageView' },
  { profileId: 'p1', timestamp: T0 + HOUR, type: 'add_to_cart', value: 12.5 },
  { profileId: 'p1', timestamp: T0 + 2 * HOUR, type: 'Product Added', value: 3 },
  { profileId: 'p1', timestamp: T0 + 2 * HOUR + 1, type: 'wishlist' },
  { profileId: 'p1', timestamp: T0 + 2 * HOUR + 2, type: 'begin_checkout' },
  { profileId: 'p1', timestamp: T0 + 2 * HOUR + 3, type: 'wishlist' },
  { profileId: 'p1', timestamp: T0 + 2 * HOUR + 4, type: '__proto__' },
]

interface Body {
  score: number
  probability: number
  unknownTypes: Record<string, number>
  changes?: { points: number; logit: number; probability: number; terms: Array<{ code: string; label: string; delta: number }>; since: string; at: string }
  error?: { code: string; message: string }
}

async function score(body: unknown): Promise<{ status: number; body: Body }> {
  const res = await call('/v1/score', { method: 'POST', token: null, body: JSON.stringify(body) })
  return { status: res.status, body: (await res.json()) as Body }
}

describe('POST /v1/score: unknownTypes and changes', () => {
  beforeAll(async () => {
    expect((await upload(artifact)).status).toBe(201)
    expect((await activate('changes-30d', artifact.version)).status).toBe(200)
  })

  it('counts the events whose canonical type the model does not know (aliases of known types are known)', async () => {
    const { status, body } = await score({ goal: 'changes-30d', events, at: T0 + 3 * HOUR })
    expect(status).toBe(200)
    expect(body.unknownTypes).toEqual(Object.fromEntries([['wishlist', 2], ['checkout', 1], ['__proto__', 1]]))
    expect(Object.getPrototypeOf(body.unknownTypes)).toBe(Object.prototype)
    expect(body.changes).toBeUndefined()
    const known = await score({ goal: 'changes-30d', events: events.slice(0, 4), at: T0 + 3 * HOUR })
    expect(known.body.unknownTypes).toEqual({})
  })

  it("since → changes: core's exact change between the two point-in-time scores", async () => {
    const since = T0 + 30 * 60_000
    const at = T0 + 3 * HOUR
    const { status, body } = await score({ goal: 'changes-30d', events, since: iso(since), at: iso(at) })
    expect(status).toBe(200)
    const normalized = normalizeEvents(events).events
    const before = scoreEvents(model, normalized, since)
    const after = scoreEvents(model, normalized, at)
    expect(body.score).toBe(after.score)
    const changes = body.changes!
    expect(changes.since).toBe(iso(since))
    expect(changes.at).toBe(iso(at))
    expect(changes.points).toBe(after.score - before.score)
    expect(changes.probability).toBeCloseTo(after.probability - before.probability, 12)
    const expected = model.change(
      model.vector(buildState(model.engine, normalized, since), since),
      model.vector(buildState(model.engine, normalized, at), at),
    )
    expect(changes).toEqual({ ...expected, since: iso(since), at: iso(at) })
    expect(changes.terms.length).toBeGreaterThan(0)
    const sum = changes.terms.reduce((s, t) => s + t.delta, 0)
    expect(Math.abs(sum - changes.logit)).toBeLessThan(1e-9)
    const logitOf = (p: number) => Math.log(p / (1 - p))
    expect(Math.abs(changes.logit - (logitOf(after.probability) - logitOf(before.probability)))).toBeLessThan(1e-6)
  })

  it('since with no event between since and at: no change at all', async () => {
    const { body } = await score({ goal: 'changes-30d', events: events.slice(0, 2), since: T0 + HOUR, at: T0 + HOUR + 1 })
    expect(body.changes).toMatchObject({ points: 0, logit: 0, probability: 0, terms: [] })
  })

  it.each([
    [{ since: 'yesterday' }, 'since: expected an ISO 8601'],
    [{ since: T0 + 3 * HOUR, at: T0 + 3 * HOUR }, 'since: must be before at'],
    [{ since: iso(T0 + 4 * HOUR), at: iso(T0 + 3 * HOUR) }, 'since: must be before at'],
    [{ since: 1e20, at: T0 }, 'since: 100000000000000000000 is outside'],
    [{ since: 1293840000, at: T0 }, 'since: 1293840000 is outside 1990-01-01T00:00:00.000Z – 2200-01-01T00:00:00.000Z; epoch seconds must be multiplied by 1000'],
    [{ since: '1989-12-31T23:59:59Z', at: T0 }, 'since: "1989-12-31T23:59:59Z" is outside 1990-01-01T00:00:00.000Z – 2200-01-01T00:00:00.000Z; send a time in that range'],
    [{ since: true }, 'since: expected'],
    [{ at: 1e20 }, 'at: 100000000000000000000 is outside'],
    [{ at: -1e15 }, 'at: '],
    [{ at: '2200-01-01T00:00:00.001Z' }, 'at: "2200-01-01T00:00:00.001Z" is outside'],
    [{ at: '1e20' }, 'at: expected an ISO 8601'],
    [{ at: 1e20, since: 1e19 }, 'at: '],
  ])('bad time %j → 400 naming the field', async (times, message) => {
    const { status, body } = await score({ goal: 'changes-30d', events: events.slice(0, 2), ...times })
    expect(status).toBe(400)
    expect(body.error?.code).toBe('INVALID_REQUEST')
    expect(body.error?.message.startsWith(message)).toBe(true)
  })

  it('an event timestamp outside 1990–2200 → 400 naming the event', async () => {
    const { status, body } = await score({ goal: 'changes-30d', events: [{ timestamp: 1e20, type: 'pageView' }] })
    expect(status).toBe(400)
    expect(body.error).toMatchObject({ code: 'INVALID_EVENT' })
    expect(body.error?.message).toMatch(/^events\[0\]\.timestamp: /)
  })
})
