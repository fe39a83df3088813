/**
 * The fit step: bin edges from the training rows, the design matrices of train and early-stopping validation
 * (each example weighted 1 / its profile's examples in the split, so heavy profiles do not dominate), the tfjs
 * fit, and core's centred GAM terms.
 */
import type { GamParameters } from '@auspex/core'
import type { ProgressFn } from '../types.ts'
import type { Example } from './examples.ts'
import { design, featureEdges, toGam, type Design, type PairColumn } from './gam.ts'
import { fitGam, type FitOptions, type GamFit } from './gam-tf.ts'
import { distinctFeatures, INTERACTIONS, pickPairs, rankPairs, strongestFeatures, toPairs } from './interactions.ts'
import { penaltyFor, rowLogits, weightedLogLoss } from './objective.ts'

export interface FitInput {
  train: readonly Example[]
  stop: readonly Example[]
  /** feature codes, in the engine's order */
  codes: readonly string[]
  fit?: FitOptions
  /** try pairwise interaction terms (interactions.ts; default true) */
  interactions?: boolean
  onProgress?: ProgressFn | undefined
}

export interface FitOutput {
  gam: GamParameters
  edges: number[][]
  /** the epoch whose weights were kept */
  epochs: number
  /** what the interaction step tried and kept (absent when it did not run) */
  interactions?: { tried: string[]; kept: number; validLoss: { main: number; withPairs: number } }
}

/** Weights 1 / (the profile's examples in `xs`), scaled to mean 1. */
export function profileWeights(xs: readonly Example[]): number[] {
  const per = new Map<string, number>()
  for (const x of xs) per.set(x.profileId, (per.get(x.profileId) ?? 0) + 1)
  const w = xs.map((x) => 1 / per.get(x.profileId)!)
  const mean = w.reduce((a, b) => a + b, 0) / Math.max(1, w.length)
  return w.map((x) => x / mean)
}

/** The weighted design matrix of `xs` for given edges (and pair columns). */
export function designOf(xs: readonly Example[], edges: number[][], pairs: readonly PairColumn[] = []): Design & { offsets: number[]; size: number } {
  return design(xs.map((x) => x.features), edges, xs.map((x) => x.label), profileWeights(xs), pairs)
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
  const fitOptions = { penalty: penaltyFor(dTrain.rows), ...input.fit, onEpoch }
  const fit = await fitGam(dTrain, dStop, dTrain, fitOptions)
  const main: FitOutput = { gam: toGam(fit, dTrain, dTrain, [...input.codes], edges), edges, epochs: fit.epochs }
  if (input.interactions === false || dTrain.rows > INTERACTIONS.maxRows || dStop.rows === 0) return main
  return (await withInteractions(input, main, { dTrain, dStop, fit, options: fitOptions })) ?? main
}

interface MainFit {
  dTrain: Design & { offsets: number[]; size: number }
  dStop: Design
  fit: GamFit
  options: FitOptions
}

/** Ranks pairs on the main fit's residuals, refits with the best few, and returns that fit when it pays. */
async function withInteractions(input: FitInput, main: FitOutput, m: MainFit): Promise<FitOutput | undefined> {
  const { dTrain, dStop, fit } = m
  const ranked0 = strongestFeatures(fit.theta, dTrain.index, dTrain.rows, dTrain.cols, dTrain.cols)
  const strongest = distinctFeatures(ranked0, dTrain.index, dTrain.rows, dTrain.cols, dTrain.offsets).slice(0, INTERACTIONS.features)
  const z = rowLogits(dTrain, fit.theta, fit.intercept)
  const ranked = pickPairs(rankPairs(input.train, z, dTrain.w, strongest, main.edges))
  if (ranked.length === 0) return undefined
  const tried = ranked.map((p) => `${input.codes[p.i]}*${input.codes[p.j]}`)
  input.onProgress?.({ step: `interactions: refit with ${tried.join(', ')}`, done: ranked.length, unit: 'pairs' })
  const pTrain = designOf(input.train, main.edges, ranked)
  const pStop = designOf(input.stop, main.edges, ranked)
  const refit = await fitGam(pTrain, pStop, pTrain, m.options)
  const validLoss = {
    main: weightedLogLoss(dStop, rowLogits(dStop, fit.theta, fit.intercept)),
    withPairs: weightedLogLoss(pStop, rowLogits(pStop, refit.theta, refit.intercept)),
  }
  const report = { tried, validLoss }
  if (validLoss.main - validLoss.withPairs < INTERACTIONS.minGain) return { ...main, interactions: { ...report, kept: 0 } }
  const singles = toGam(refit, pTrain, pTrain, [...input.codes], main.edges)
  const { pairs, shift } = toPairs(ranked, refit.theta, pTrain.offsets, pTrain.index, pTrain.rows, pTrain.cols, input.codes)
  const gam = { ...singles, intercept: Number((singles.intercept + shift).toPrecision(8)), ...(pairs.length > 0 ? { pairs } : {}) }
  return { gam, edges: main.edges, epochs: refit.epochs, interactions: { ...report, kept: pairs.length } }
}
