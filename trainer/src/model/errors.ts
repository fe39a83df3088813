/** Errors of the modelling step. */
export type TrainErrorCode = 'TRAIN_ONE_CLASS'

/** A training failure with a code; the message names the problem and the fix. */
export class TrainError extends Error {
  override readonly name = 'TrainError'
  constructor(readonly code: TrainErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}
