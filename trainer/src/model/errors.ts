import { CodedError } from '../coded-error.ts'

/** Errors of the modelling step. */
export type TrainErrorCode = 'TRAIN_ONE_CLASS'

/** A training failure with a code; the message names the problem and the fix. */
export class TrainError extends CodedError<TrainErrorCode> {
  override readonly name = 'TrainError'
}
