import { CodedError } from '../coded-error.ts'

/** Errors of the modelling step. */
export type TrainErrorCode =
  | 'TRAIN_ONE_CLASS'
  /** no eligible snapshot whose label window fits in the data */
  | 'TRAIN_NO_EXAMPLES'
  /** the data is too short for train, validation and test separated by two embargoes of one label window */
  | 'TRAIN_HISTORY_TOO_SHORT'
  /** the goal's outcome matches no or too few events before training */
  | 'TRAIN_OUTCOME_RARE'
  /** a split lacks one class or has too few examples of it (calibration, test…) */
  | 'TRAIN_SPLIT_TOO_SMALL'
  /** an evaluation cut-off whose label window runs past the end of the data */
  | 'EVAL_WINDOW_PAST_DATA'
  /** no eligible profile at the evaluation cut-off */
  | 'EVAL_NO_EXAMPLES'
  /** every eligible profile has the same label: AUC and lift are undefined */
  | 'EVAL_ONE_CLASS'
  /** two models compared at a cut-off whose goals label differently (outcome, window or propensity) */
  | 'EVAL_GOALS_DIFFER'

/** A training failure with a code; the message names the problem and the fix. */
export class TrainError extends CodedError<TrainErrorCode> {
  override readonly name = 'TrainError'
}
