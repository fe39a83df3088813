import { createArtifact, type ModelArtifact } from '@auspex/core'
import { describe, expect, it } from 'vitest'
import { destroyEnginesAfterEach, engineOptions, startEngine } from './test-support/engine-harness.ts'
import { GOAL, MIN, T0, goal, testArtifact } from './test-support/fixtures.ts'

destroyEnginesAfterEach()

/** The test model with its goal's outcome marked one-time, as the trainer records it for a one-time outcome. */
function oneTimeArtifact(): ModelArtifact {
  const base = testArtifact(1)
  return createArtifact({
    goal: { ...goal, eligible: { ...goal.eligible, afterOutcome: 'exclude' } },
    config: base.features.config,
    model: base.model,
    calibration: base.calibration,
    percentiles: base.percentiles,
    metrics: base.metrics,
    createdAt: new Date(base.createdAt),
  })
}

describe('eligibility on the device is the artifact\'s (core\'s rule)', () => {
  it('a one-time outcome: eligible before it, not eligible once it happened', async () => {
    const { engine, scores } = await startEngine(engineOptions({ models: [oneTimeArtifact()] }))
    await engine.track({ type: 'addToCart', item: 'A', value: 12.5, timestamp: T0 }, T0)
    expect(scores.at(-1)).toMatchObject({ goal: GOAL, eligible: true })
    await engine.track({ type: 'purchase', value: 12.5, timestamp: T0 + MIN }, T0 + MIN)
    expect(scores.at(-1)).toMatchObject({ goal: GOAL, eligible: false })
    expect((await engine.score(GOAL, T0 + 2 * MIN))!.eligible).toBe(false)
  })

  it('a recurring outcome (the default "keep"): still eligible after it', async () => {
    const { engine, scores } = await startEngine(engineOptions({ models: [testArtifact(1)] }))
    await engine.track({ type: 'purchase', value: 12.5, timestamp: T0 }, T0)
    expect(scores.at(-1)).toMatchObject({ goal: GOAL, eligible: true })
  })
})
