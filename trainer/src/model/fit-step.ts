/**
 * The fit step: bin edges from the training rows, the design matrices of train and early-stopping validation
 * (each example weighted 1 / its profile's examples in the split, so heavy profiles do not dominate), the tfjs
 * fit, and core's centred GAM terms.
 */
import type { GamParameters } from '@auspex/core'
import type { ProgressFn } from '../types.ts'
import type { Example } from './examples.ts'
import { design, featureEdges, toGam, type Design } from './gam.ts'
import { fitGam, type FitOptions } from './gam-tf.ts'

export interface FitInput {
  train: readonly Example[]
  stop: readonly Example[]
  /** feature codes, in the engine's order */
  codes: readonly string[]
  fit?: FitOptions
  onProgress?: ProgressFn | undefined
}

export interface FitOutput {
  gam: GamParameters
  edges: number[][]
  /** the epoch whose weights were kept */
  epochs: number
}

/** Weights 1 / (the profile's examples in `xs`), scaled to mean 1. */
export function profileWeights(xs: readonly Example[]): number[] {
  const per = new Map<string, number>()
  for (const x of xs) per.set(x.profileId, (per.get(x.profileId) ?? 0) + 1)
  const w = xs.map((x) => 1 / per.get(x.profileId)!)
  const mean = w.reduce((a, b) => a + b, 0) / Math.max(1, w.length)
  return w.map((x) => x / mean)
}

/** The weighted design matrix of `xs` for given edges. */
export function designOf(xs: readonly Example[], edges: number[][]): Design & { offsets: number[]; size: number } {
  return design(xs.map((x) => x.features), edges, xs.map((x) => x.label), profileWeights(xs))
}

/** Fits the GAM on `train`, stopping early on `stop`. */
export async function fitStep(input: FitInput): Promise<FitOutput> {
  const { onProgress } = input
  const F = input.codes.length
  const edges = featureEdges(input.train.map((x) => x.features), F)
  // the seconds between sampling and the first epoch are these two steps: each says when it is done
  onProgress?.({ step: 'bin edges', done: F, total: F, unit: 'features' })
  const dTrain = designOf(input.train, edges)
  const dStop = designOf(input.stop, edges)
  const rows = dTrain.rows + dStop.rows
  onProgress?.({ step: 'design matrix', done: rows, total: rows, unit: 'rows' })
  const onEpoch = (epoch: number, tl: number, vl: number) => {
    onProgress?.({ step: `epoch loss ${tl.toFixed(4)} valid ${vl.toFixed(4)}`, done: epoch, unit: 'epochs' })
  }
  const fit = await fitGam(dTrain, dStop, dTrain, { ...input.fit, onEpoch })
  return { gam: toGam(fit, dTrain, dTrain, [...input.codes], edges), edges, epochs: fit.epochs }
}
