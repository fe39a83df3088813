/** Codes of CLI failures. `USAGE` exits with 2, everything else with 1. */
export type CliErrorCode = 'USAGE' | 'MODEL_DIR' | 'PUBLISH_FAILED' | 'PUBLISH_UNAUTHORIZED' | 'PUBLISH_UNREACHABLE' | 'PUBLISH_CONFLICT' | 'TRAIN_FAILED'
  | 'INVALID_SEGMENT' | 'SCORES_FILE'

/** A CLI failure whose message says what to do. */
export class CliError extends Error {
  override readonly name = 'CliError'
  readonly code: CliErrorCode

  constructor(code: CliErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
  }
}
