import { createArtifact } from '../artifact-build.ts'
import { createFeatureConfig } from '../feature-config.ts'
import type { AuspexEvent } from '../event.ts'
import type { GoalSpec } from '../goal-types.ts'
import type { ModelArtifact } from '../artifact-types.ts'

export const T0 = Date.UTC(2011, 0, 3, 9, 0, 0)
export const HOUR = 3_600_000
export const DAY = 86_400_000

export const purchaseGoal: GoalSpec = {
  name: 'purchase-30d',
  propensity: 'conversion',
  outcome: { anyOf: [{ type: 'purchase', where: [{ field: 'value', op: '>', value: 0 }] }] },
  window: '30d',
  eligible: { activeWithin: '45d' },
  customEvents: [{ name: 'Viewed pricing', type: 'pageView', where: [{ field: 'attributes.page', op: 'contains', value: 'pricing' }] }],
}

export const config = createFeatureConfig({ eventTypes: ['pageView', 'addToCart', 'purchase'] })

export function ev(offsetMs: number, type: string, extra: Partial<AuspexEvent> = {}): AuspexEvent {
  return { profileId: 'p1', timestamp: T0 + offsetMs, type, ...extra }
}

/** A hand-set GAM over a few features: enough to exercise the scorer and the explainer. */
export function handArtifact(overrides: Partial<Parameters<typeof createArtifact>[0]> = {}): ModelArtifact {
  return createArtifact({
    goal: purchaseGoal,
    config,
    model: {
      kind: 'gam',
      intercept: -2,
      terms: [
        { feature: 'days_since_purchase', edges: [1, 7, 30], weights: [-1.2, 1.1, 0.6, -0.2, -0.9] },
        { feature: 'count_addtocart_1d', edges: [0.5, 2], weights: [0, -0.3, 0.8, 1.5] },
        { feature: 'sessions_30d', edges: [1, 3, 6], weights: [0, -0.4, 0.1, 0.5, 0.9] },
        { feature: 'custom_viewed_pricing_total', edges: [1], weights: [0, -0.1, 0.7] },
      ],
    },
    calibration: { kind: 'platt', a: 0.9, b: 0.1 },
    population: Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000),
    metrics: { auc: 0.8 },
    createdAt: new Date(Date.UTC(2026, 10, 28)),
    ...overrides,
  })
}
