/**
 * @auspex/sdk — live propensity scores and factors, computed in a web worker from models cached in IndexedDB.
 * @example
 * import { createAuspex } from '@auspex/sdk'
 * const auspex = createAuspex({ endpoint: 'https://edge.example.com', goals: ['purchase-30d'] })
 */
export { createAuspex, type Auspex } from './client.ts'
export type { AuspexOptions } from './options.ts'
export type { AttributeValue, AuspexScore, Diagnostics, ErrorInfo, IdentifyResult, ScoreChanges, SegmentChange, TrackEvent } from './protocol.ts'
export type { Destinations } from './destinations.ts'
export { SdkError, type SdkErrorCode } from './errors.ts'
export type { Factor, ModelArtifact, Prediction, SegmentRule, TermChange } from '@auspex/core'
