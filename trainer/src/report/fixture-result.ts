import { createArtifact, createFeatureConfig, type GoalSpec } from '@auspex/core'
import type { Metrics, TrainResult } from '../types.ts'

/** A hand-made {@link TrainResult} for report and CLI tests (no training involved). */
export function fixtureResult(overrides: { description?: string; warnings?: string[]; factorName?: string; dataNote?: string } = {}): TrainResult {
  const goal: GoalSpec = {
    name: 'purchase-30d',
    description: overrides.description ?? 'Will this customer buy within the next 30 days?',
    propensity: 'conversion',
    outcome: { anyOf: [{ type: 'purchase', where: [{ field: 'value', op: '>', value: 0 }] }] },
    window: '30d',
    eligible: { activeWithin: '365d' },
  }
  const artifact = createArtifact({
    goal,
    config: createFeatureConfig({ eventTypes: ['purchase', 'return'] }),
    model: { kind: 'gam', intercept: -1.5, terms: [{ feature: 'days_since_purchase', edges: [7, 30, 90], weights: [-0.5, 1.2, 0.6, -0.1, -1.1] }] },
    calibration: { kind: 'platt', a: 1, b: 0 },
    population: Array.from({ length: 200 }, (_, i) => (i + 0.5) / 200),
    metrics: { auc: 0.74 },
    ...(overrides.dataNote === undefined ? {} : { training: { dataNote: overrides.dataNote } }),
    createdAt: new Date(Date.UTC(2026, 10, 28, 12)),
  })
  const lift = Array.from({ length: 10 }, (_, i) => {
    const rate = 0.6 - i * 0.055
    return { decile: i + 1, count: 100, positives: Math.round(rate * 100), rate, lift: rate / 0.3, cumulativeGain: Math.min(1, ((i + 1) * (0.6 - (i * 0.055) / 2)) / 3) }
  })
  const metrics: Metrics = {
    goal: goal.name, modelVersion: artifact.version, auc: 0.741, prAuc: 0.52, logLoss: 0.55, brier: 0.18, baseRate: 0.3,
    positives: 300, negatives: 700, lift,
    gains: lift.map((d) => ({ decile: d.decile, share: d.cumulativeGain })),
    calibration: Array.from({ length: 10 }, (_, i) => ({ bin: i + 1, meanPredicted: 0.05 + i * 0.09, observedRate: 0.04 + i * 0.092, count: 100 })),
    ece: 0.012,
    evaluation: { cutoff: '2011-07-01T00:00:00.000Z', labelWindow: ['2011-07-01T00:00:00.000Z', '2011-07-31T00:00:00.000Z'], population: 'eligible profiles at the cut-off', n: 1000 },
    roc: Array.from({ length: 21 }, (_, i) => ({ fpr: i / 20, tpr: Math.min(1, Math.sqrt(i / 20) * 1.02) })),
    split: { train: ['2011-01-01', '2011-05-31'], validation: ['2011-06-01', '2011-06-30'], test: ['2011-07-01', '2011-08-01'], examples: { train: 5000, validation: 900, test: 1000 } },
    baselines: { recency: 0.676, frequency: 0.621 },
    warnings: overrides.warnings ?? ['only 300 positive examples (fewer than 500): results may be unstable'],
  }
  const name = overrides.factorName ?? 'Days since last purchase'
  return {
    artifact, metrics,
    factors: {
      overall: [
        { code: 'days_since_purchase', name, meanAbsContribution: 0.62, shareHigh: 0.55 },
        { code: 'count_purchase_30d', name: 'Purchases in the last 30 days', meanAbsContribution: 0.31, shareHigh: 0.22 },
      ],
      byBucket: {
        high: [{ code: 'days_since_purchase', name, share: 0.8, direction: 'up' }],
        medium: [{ code: 'count_purchase_30d', name: 'Purchases in the last 30 days', share: 0.4, direction: 'up' }],
        low: [{ code: 'days_since_purchase', name, share: 0.7, direction: 'down' }],
      },
    },
    scoreHistogram: [40, 80, 120, 150, 160, 150, 130, 110, 90, 75, 60, 50, 40, 30, 25, 20, 15, 10, 6, 3],
    ingest: {
      files: ['/data/online_retail.csv.gz'], rowsRead: 541909, events: 406829, profiles: 4372, droppedNoProfile: 135080,
      bad: [{ reason: 'timestamp: cannot read', count: 2, examples: [{ file: '/data/online_retail.csv.gz', line: 17, message: 'timestamp: cannot read' }] }],
      typeCounts: { purchase: 397924, return: 8905 }, firstTimestamp: Date.UTC(2010, 11, 1), lastTimestamp: Date.UTC(2011, 11, 9), seconds: 2.1,
    },
    seconds: 42.5,
  }
}
