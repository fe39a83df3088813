/** The trainer's modelling: examples, GAM training, calibration, metrics, evaluation, population scoring. */
export { train } from './train.ts'
export { evaluate, scorePopulation, scoreProfiles, buildMetrics } from './evaluate.ts'
export { profileExamples, type Example, type ExampleOptions } from './examples.ts'
export { auc, brier, calibrationTable, deciles, logLoss, prAuc, rocPoints } from './metrics.ts'
export { TrainError, type TrainErrorCode } from './errors.ts'
export { factorStats } from './factors.ts'
export { memorySource } from './memory-source.ts'
