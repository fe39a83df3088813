/** Generated accuracy cases, one per failure class of the trust issue (seeded: same data every run). */
export { hourlyClickstreamCase } from './hourly-clickstream.ts'
export { oneTimeOutcomeCase } from './one-time-outcome.ts'
export { repurchaseCase } from './repurchase.ts'
export type { AccuracyCase } from './case-types.ts'
