import { profileBucket, type Model, type ProfileRecord } from '@auspex/core'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { EdgeError } from '../src/errors.ts'
import { liveScore } from '../src/profiles/live-score.ts'
import { DAY, T0 } from '../../packages/core/src/test-support/fixtures.ts'
import { anyEvent, goodEvent, literal, paths, time } from './fuzz-support.ts'
import { PROFILE_TOKEN, createGeneration, grant, publish, publishProfiles, record } from './profile-support.ts'
import { callDirect as call, testArtifact } from './support.ts'

/**
 * Property-based fuzzing of the profile store's routes: hostile records in a bucket PUT, hostile live-score and grant
 * bodies. Each gets a 4xx JSON error or a success, never a 500; and a record the PUT accepts can be scored without
 * an error other than a 4xx (the checks at upload are enough for the scorer). Bounded runs, straight into the app.
 */
const SCORED = T0 + 10 * DAY
const history = [{ timestamp: T0, type: 'pageView' }, { timestamp: T0 + DAY, type: 'purchase', value: 20 }]
const MARK = '__fuzz_marker__'
let model: Model
let base: ProfileRecord
let generation: string

beforeAll(async () => {
  model = await publish(testArtifact({ day: 21 }))
  base = record('p1', [model], history, SCORED, ['vip'])
  await publishProfiles([base], [model], SCORED, 1)
  generation = await createGeneration(1, { [model.goal.name]: model.version }, SCORED)
})

/** The base record with the value at `path` replaced by the JSON text `text`. */
function mutated(path: Array<string | number>, text: string): string {
  const copy = structuredClone(base) as unknown as Record<string | number, unknown>
  let at = copy
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>
  at[path[path.length - 1]!] = MARK
  return JSON.stringify(copy).replace(JSON.stringify(MARK), text)
}

async function expectHandled(res: Response, what: string): Promise<void> {
  expect(res.status, `${what}: ${await res.clone().text()}`).toBeLessThan(500)
  if (res.status >= 400) expect(((await res.json()) as { error?: { code?: unknown } }).error?.code, what).toEqual(expect.any(String))
}

describe('profile routes under hostile input', () => {
  it('a bucket PUT answers every mutated record with 200 or a 4xx, and what it accepts can be scored', async () => {
    const statuses = new Set<number>()
    const line = fc.oneof(
      { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...paths(base)), literal).map(([p, t]) => mutated(p, t)) },
      { weight: 1, arbitrary: literal },
    )
    await fc.assert(fc.asyncProperty(line, async (text) => {
      const res = await call(`/v1/profiles/generations/${generation}/buckets/0`, { method: 'PUT', body: text })
      statuses.add(res.status)
      await expectHandled(res, text.slice(0, 200))
      if (res.status !== 200) return
      const parsed = JSON.parse(text) as ProfileRecord
      if (typeof parsed.profileId !== 'string' || profileBucket(parsed.profileId, 1) !== 0) return
      try {
        await liveScore(parsed, { events: [], at: SCORED + DAY }, async () => model)
      } catch (error) {
        expect(error instanceof EdgeError && error.status < 500, `scoring an accepted record threw ${String(error)}`).toBe(true)
      }
    }), { numRuns: 150 })
    expect(statuses.has(200) && statuses.has(400)).toBe(true)
  })

  it('a stored state with the model\'s key but another shape is a 409 PROFILE_STATE_STALE, not a 500', async () => {
    // found by the property above (seed 1951350580): an accepted record whose state core's mergeState refuses
    const altered = structuredClone(base)
    const state = altered.goals[model.goal.name]!.state
    state.types = state.types.slice(1)
    const scored = liveScore(altered, { events: [], at: SCORED + DAY }, async () => model)
    await expect(scored).rejects.toMatchObject({ status: 409, code: 'PROFILE_STATE_STALE', message: expect.stringMatching(/does not fit the features.*re-run auspex score --publish-profiles/) })
  })

  it('the live score answers hostile bodies with 200 or a 4xx', async () => {
    const body = fc.oneof(
      fc.record({ events: fc.array(fc.oneof(goodEvent, anyEvent), { maxLength: 10 }), at: time, goal: fc.oneof(fc.constant(model.goal.name), fc.jsonValue({ maxDepth: 1 })) }, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
      literal,
    )
    await fc.assert(fc.asyncProperty(body, async (text) => {
      await expectHandled(await call('/v1/profiles/p1/score', { method: 'POST', body: text, token: PROFILE_TOKEN }), text.slice(0, 200))
    }), { numRuns: 120 })
  })

  it('the grant route answers hostile bodies with 200 or a 4xx', async () => {
    const body = fc.oneof(
      literal.map((t) => `{"grant":${t}}`),
      fc.string({ maxLength: 80 }).map((g) => JSON.stringify({ grant: g })),
      fc.constant(JSON.stringify({ grant: grant('p1') })),
      literal,
    )
    await fc.assert(fc.asyncProperty(body, async (text) => {
      await expectHandled(await call('/v1/profiles/p1/state', { method: 'POST', body: text, token: null }), text.slice(0, 200))
    }), { numRuns: 80 })
  })
})
