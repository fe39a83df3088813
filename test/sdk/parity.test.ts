import { loadModel, normalizeEvents, scoreEvents } from '@auspex/core'
import { createAuspex } from '@auspex/sdk'
import { describe, expect, it } from 'vitest'
import { DAY, goal, MIN, shoppingEvents, T0, testArtifact } from '../../packages/sdk/src/test-support/fixtures.ts'

/**
 * Cross-runtime parity: one profile's events scored by the SDK (its engine, on the main thread in Node) and by
 * core's `scoreEvents` agree to 1e-6 — probability, score, bucket, percentile, every factor's contribution.
 * The Chromium suite of packages/sdk checks the SDK's worker against core in Node the same way, on the same
 * hand-set artifact and shopping sequence (`packages/sdk/src/test-support/fixtures.ts`).
 */
const artifact = testArtifact()
const events = shoppingEvents()

describe('SDK = core', () => {
  for (const at of [T0 + 9 * DAY + 11 * MIN, T0 + 21 * DAY, T0 + 50 * DAY]) {
    it(`at ${new Date(at).toISOString()}`, async () => {
      const before = events.filter((e) => e.timestamp < at) // the device has seen the events up to now
      const core = scoreEvents(loadModel(artifact), normalizeEvents(before, 'p1').events, at)

      const auspex = createAuspex({ goals: [goal.name], models: [artifact], clock: () => at, consent: false, worker: false })
      await auspex.load(before)
      const sdk = (await auspex.score(goal.name))!
      auspex.destroy()

      expect(Math.abs(sdk.probability - core.probability)).toBeLessThan(1e-6)
      expect([sdk.score, sdk.bucket, sdk.percentile, sdk.eligible, sdk.modelVersion]).toEqual([core.score, core.bucket, core.percentile, core.eligible, core.modelVersion])
      expect(sdk.factors.map((f) => f.code)).toEqual(core.factors.map((f) => f.code))
      sdk.factors.forEach((f, i) => expect(Math.abs(f.contribution - core.factors[i]!.contribution)).toBeLessThan(1e-6))
    })
  }
})
