import type { FeatureState, ModelArtifact, Prediction } from '@auspex/core'
import { tsImport } from 'tsx/esm/api'
import type { BrowserCommand } from 'vitest/node'

type Core = typeof import('@auspex/core')
let core: Promise<Core> | null = null

/** Runs in Node (the vitest process): core's score of a profile's events at `at`, for the parity test. */
export const coreScore: BrowserCommand<[artifact: ModelArtifact, events: unknown[], at: number]> = async (_ctx, artifact, events, at): Promise<Prediction> => {
  const { loadModel, normalizeEvents, scoreEvents } = await (core ??= tsImport('@auspex/core', import.meta.url) as Promise<Core>)
  return scoreEvents(loadModel(artifact), normalizeEvents(events, 'parity').events, at, { topFactors: 5 })
}

/** Runs in Node: core's feature state of a profile's events before `at` (what `auspex score` publishes for identify). */
export const coreState: BrowserCommand<[artifact: ModelArtifact, events: unknown[], at: number]> = async (_ctx, artifact, events, at): Promise<FeatureState> => {
  const { buildState, loadModel, normalizeEvents } = await (core ??= tsImport('@auspex/core', import.meta.url) as Promise<Core>)
  return buildState(loadModel(artifact).engine, normalizeEvents(events, 'parity').events, at)
}

declare module 'vitest/browser' {
  interface BrowserCommands {
    coreScore: (artifact: ModelArtifact, events: unknown[], at: number) => Promise<Prediction>
    coreState: (artifact: ModelArtifact, events: unknown[], at: number) => Promise<FeatureState>
  }
}
