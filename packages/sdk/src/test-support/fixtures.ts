import { createArtifact, createFeatureConfig, type GoalSpec, type ModelArtifact } from '@auspex/core'
import goalJson from '../../../../goals/purchase-30d.json'
import churnJson from '../../../../goals/churn-90d.json'

export const goal = goalJson as unknown as GoalSpec
export const GOAL = 'purchase-30d'
export const T0 = Date.UTC(2011, 2, 1, 9, 0, 0)
export const MIN = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000

/**
 * A test artifact on `goals/purchase-30d.json` with a hand-set GAM. `variant` 2 learns another event-type
 * list, so its feature engine key differs (a model "trained on other features").
 */
export function testArtifact(variant: 1 | 2 = 1, intercept = -2): ModelArtifact {
  const eventTypes = variant === 1 ? ['pageView', 'addToCart', 'purchase'] : ['purchase', 'addToCart']
  return createArtifact({
    goal,
    config: createFeatureConfig({ eventTypes }),
    model: {
      kind: 'gam',
      intercept,
      terms: [
        { feature: 'days_since_purchase', edges: [1, 7, 30], weights: [-1.2, 1.1, 0.6, -0.2, -0.9] },
        { feature: 'count_addtocart_1d', edges: [0.5, 2], weights: [0, -0.3, 0.8, 1.5] },
        { feature: 'sessions_30d', edges: [1, 3, 6], weights: [0, -0.4, 0.1, 0.5, 0.9] },
        { feature: 'custom_big_order_total', edges: [1], weights: [0, -0.1, 0.7] },
        { feature: 'value_total', edges: [10, 100, 1000], weights: [0, -0.5, 0.1, 0.4, 0.8] },
      ],
    },
    calibration: { kind: 'platt', a: 0.9, b: 0.1 },
    population: Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000),
    metrics: { auc: 0.8 },
    createdAt: new Date(Date.UTC(2026, 10, 28, variant)),
  })
}

export const CHURN_GOAL = 'churn-90d'

/** A test artifact on `goals/churn-90d.json` (a second goal), knowing `pageView`, `productView`, `addToCart` and `purchase`. */
export function churnArtifact(): ModelArtifact {
  return createArtifact({
    goal: churnJson as unknown as GoalSpec,
    config: createFeatureConfig({ eventTypes: ['pageView', 'productView', 'addToCart', 'purchase'] }),
    model: {
      kind: 'gam',
      intercept: 0.5,
      terms: [
        { feature: 'days_since_purchase', edges: [7, 30, 90], weights: [1.4, -1.1, -0.4, 0.3, 1.0] },
        { feature: 'count_addtocart_1d', edges: [0.5, 2], weights: [0, -0.2, -0.6, -1.1] },
        { feature: 'sessions_30d', edges: [1, 3], weights: [0, -0.3, -0.7, -1.2] },
        { feature: 'count_productview_1d', edges: [0.5, 3], weights: [0, 0.1, -0.2, -0.5] },
      ],
    },
    calibration: { kind: 'platt', a: 1, b: 0 },
    population: Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000),
    metrics: { auc: 0.75 },
    createdAt: new Date(Date.UTC(2026, 10, 28, 3)),
  })
}

/** A shopping sequence: visits, views, carts and purchases over three weeks (timestamps from T0). */
export function shoppingEvents(): Array<{ type: string; timestamp: number; item?: string; value?: number }> {
  return [
    { type: 'pageView', timestamp: T0, item: 'A' },
    { type: 'addToCart', timestamp: T0 + 2 * MIN, item: 'A', value: 12.5 },
    { type: 'purchase', timestamp: T0 + 5 * MIN, value: 12.5 },
    { type: 'pageView', timestamp: T0 + 3 * DAY, item: 'B' },
    { type: 'pageView', timestamp: T0 + 3 * DAY + MIN, item: 'C' },
    { type: 'addToCart', timestamp: T0 + 3 * DAY + 2 * MIN, item: 'C', value: 40 },
    { type: 'search', timestamp: T0 + 9 * DAY },
    { type: 'purchase', timestamp: T0 + 9 * DAY + 10 * MIN, value: 180 },
    { type: 'pageView', timestamp: T0 + 20 * DAY, item: 'D' },
    { type: 'addToCart', timestamp: T0 + 20 * DAY + MIN, item: 'D', value: 7 },
  ]
}
