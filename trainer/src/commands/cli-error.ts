import { CodedError } from '../coded-error.ts'

/** Codes of CLI failures. `USAGE` exits with 2, everything else with 1. */
export type CliErrorCode = 'USAGE' | 'MODEL_DIR' | 'PUBLISH_FAILED' | 'PUBLISH_UNAUTHORIZED' | 'PUBLISH_UNREACHABLE' | 'PUBLISH_CONFLICT' | 'QUALITY_GATE' | 'TRAIN_FAILED'
  | 'INVALID_SEGMENT' | 'SCORES_FILE' | 'CHAMPION_FETCH' | 'PROFILES_UPLOAD_FAILED'
  // the queues engine (src/queues/): the edge cannot be reached, refuses the token, answers an error, or the job failed
  | 'EDGE_UNREACHABLE' | 'EDGE_UNAUTHORIZED' | 'EDGE_REQUEST_FAILED' | 'JOB_FAILED'

/** A CLI failure whose message says what to do. */
export class CliError extends CodedError<CliErrorCode> {
  override readonly name = 'CliError'
}
