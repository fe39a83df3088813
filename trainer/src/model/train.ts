/**
 * train(): point-in-time examples at weekly cut-offs and after event timestamps, time-based split,
 * GAM fit with early stopping, Platt calibration on validation, metrics on test, percentiles from the
 * eligible population at the last cut-off. The artifact is scored by core's `loadModel`.
 */
import { DAY_MS, compileGoal, createArtifact, createFeatureConfig, createFeatureEngine, learnEventTypes, loadModel, type GoalSpec } from '@auspex/core'
import type { EventSource, ProgressFn, TrainResult } from '../types.ts'
import { profileExamples, type Example } from './examples.ts'
import { design, featureEdges, fitPlatt, toGam } from './gam.ts'
import { fitGam } from './gam-tf.ts'
import { BottomKSample, DEFAULT_MAX_EXAMPLES, hashPrefix, unitHashAfter } from './sample.ts'
import { buildMetrics } from './evaluate.ts'
import { TrainError } from './errors.ts'
import { factorStats } from './factors.ts'

const iso = (t: number) => new Date(t).toISOString()

/** Trains a calibrated GAM (fit in tfjs, wasm backend) for `goal` on events before `options.before` (default: all). */
export async function train(source: EventSource, goalSpec: GoalSpec, options: { before?: number; seed?: number; onProgress?: ProgressFn; createdAt?: Date; maxExamples?: number } = {}): Promise<TrainResult> {
  const started = Date.now()
  const goal = compileGoal(goalSpec)
  const config = createFeatureConfig({ eventTypes: learnEventTypes(source.summary.typeCounts) })
  const engine = createFeatureEngine(goal, config)
  const first = source.summary.firstTimestamp ?? 0
  const end = options.before ?? (source.summary.lastTimestamp ?? 0) + 1
  const cutoffs: number[] = []
  for (let t = end - goal.windowMs; t > first + 28 * DAY_MS; t -= 7 * DAY_MS) cutoffs.unshift(t)
  const seed = options.seed ?? 0
  const sample = new BottomKSample<Example>(options.maxExamples ?? DEFAULT_MAX_EXAMPLES)
  let candidates = 0
  for await (const p of source.profiles({ before: end })) {
    const prefix = hashPrefix(`${seed}:${p.profileId}:`)
    const key = (t: number) => unitHashAfter(prefix, t) // unitHash(`${seed}:${p.profileId}:${t}`)
    // features are computed only for snapshots the sample would keep: large exports cost O(kept), not O(all)
    const keep = (t: number) => { candidates++; return sample.accepts(key(t)) }
    for (const x of profileExamples(p.profileId, p.events, goal, engine, { cutoffs, end, keep })) sample.add(key(x.t), x)
    options.onProgress?.({ step: 'point-in-time examples', done: candidates, unit: 'candidates' })
  }
  const examples = sample.result()
  if (examples.length < candidates) options.onProgress?.({ step: `sampled (seed ${seed}) from ${candidates.toLocaleString('en-US')} candidates`, done: examples.length, unit: 'examples' })
  if (examples.length === 0) {
    const { firstTimestamp: from, lastTimestamp: to, events } = source.summary
    const why = events === 0 ? 'the export has no events'
      : from === null || to === null || from >= end ? `there are no events before ${iso(end)}`
        : `no snapshot between ${iso(from)} and ${iso(end)} leaves room for the ${goal.spec.window} label window with an eligible profile (active within ${goal.spec.eligible?.activeWithin ?? 'any time'})`
    throw new TrainError('TRAIN_NO_EXAMPLES', `goal ${goal.name}: no point-in-time example: ${why}; use more data${options.before === undefined ? '' : ' or a later --before'}`)
  }
  const pos = examples.reduce((n, e) => n + e.label, 0)
  if (pos === 0 || pos === examples.length) throw new TrainError('TRAIN_ONE_CLASS', `goal ${goal.name}: all ${examples.length} examples are ${pos === 0 ? 'negative' : 'positive'}; training needs both classes — use more data, a longer window or another outcome`)
  examples.sort((a, b) => a.t - b.t || (a.profileId < b.profileId ? -1 : a.profileId > b.profileId ? 1 : 0))
  const ts = examples.map((e) => e.t)
  const tTrain = ts[Math.floor(ts.length * 0.7)] as number, tValid = ts[Math.floor(ts.length * 0.85)] as number
  const part = (lo: number, hi: number) => examples.filter((e) => e.t >= lo && e.t < hi)
  const trainX = part(-Infinity, tTrain), validX = part(tTrain, tValid), testX = part(tValid, Infinity)
  const weights = (xs: Example[]) => {
    const per = new Map<string, number>(); for (const x of xs) per.set(x.profileId, (per.get(x.profileId) ?? 0) + 1)
    const w = xs.map((x) => 1 / (per.get(x.profileId) as number)), mean = w.reduce((a, b) => a + b, 0) / Math.max(1, w.length)
    return w.map((x) => x / mean)
  }
  const F = engine.spec.length
  const trainRows = trainX.map((x) => x.features)
  const edges = featureEdges(trainRows, F)
  // the seconds between sampling and the first epoch are these two steps: each says when it is done
  options.onProgress?.({ step: 'bin edges', done: F, total: F, unit: 'features' })
  const dTrain = design(trainRows, edges, trainX.map((x) => x.label), weights(trainX))
  const dValid = design(validX.map((x) => x.features), edges, validX.map((x) => x.label), weights(validX))
  options.onProgress?.({ step: 'design matrix', done: dTrain.rows + dValid.rows, total: dTrain.rows + dValid.rows, unit: 'rows' })
  const fit = await fitGam(dTrain, dValid, dTrain, { onEpoch: (epoch, tl, vl) => options.onProgress?.({ step: `epoch loss ${tl.toFixed(4)} valid ${vl.toFixed(4)}`, done: epoch, unit: 'epochs' }) })
  const gam = toGam(fit, dTrain, dTrain, engine.spec.map((s) => s.code), edges)
  const raw = loadModel(createArtifact({ goal: goal.spec, config, model: gam, metrics: { auc: 0 }, createdAt: new Date(0) }))
  const platt = fitPlatt(validX.map((x) => raw.logit(x.features)), validX.map((x) => x.label))
  const calibrated = loadModel(createArtifact({ goal: goal.spec, config, model: gam, calibration: { kind: 'platt', ...platt }, metrics: { auc: 0 }, createdAt: new Date(0) }))
  const metrics = buildMetrics(goal.name, calibrated, testX)
  metrics.split = { train: [iso(trainX[0]?.t ?? 0), iso(tTrain)], validation: [iso(tTrain), iso(tValid)], test: [iso(tValid), iso(testX[testX.length - 1]?.t ?? tValid)], examples: { train: trainX.length, validation: validX.length, test: testX.length } }
  const population: number[] = [], popFeatures: Float32Array[] = []
  for await (const p of source.profiles({ before: end })) {
    const state = engine.init(); for (const e of p.events) engine.update(state, e)
    if (goal.isEligible(state, end)) { const x = engine.features(state, end); popFeatures.push(x); population.push(calibrated.score(x).probability) }
  }
  const artifact = createArtifact({ goal: goal.spec, config, model: gam, calibration: { kind: 'platt', ...platt }, population, metrics: { auc: metrics.auc, prAuc: metrics.prAuc, logLoss: metrics.logLoss, brier: metrics.brier, baseRate: metrics.baseRate, positives: metrics.positives, negatives: metrics.negatives }, training: { before: iso(end), examples: examples.length, split: metrics.split }, ...(options.createdAt ? { createdAt: options.createdAt } : {}) })
  const hist = new Array<number>(20).fill(0)
  for (const p of population) hist[Math.min(19, Math.floor(p * 20))]! += 1
  metrics.modelVersion = artifact.version
  return { artifact, metrics, factors: factorStats(loadModel(artifact), popFeatures), scoreHistogram: hist, ingest: source.summary, seconds: (Date.now() - started) / 1000 }
}
