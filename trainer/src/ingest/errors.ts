import { CodedError } from '../coded-error.ts'

/** Codes of ingest failures. Stable: callers branch on them. */
export type IngestErrorCode =
  | 'INGEST_FILE_NOT_FOUND'
  | 'INGEST_UNKNOWN_FORMAT'
  | 'INGEST_NO_FILES'
  | 'INGEST_MAPPING'
  | 'INGEST_READ_FAILED'
  /** a gzip file that ends early or is corrupt: never read as a smaller data set */
  | 'INGEST_TRUNCATED'
  | 'INGEST_MOSTLY_BAD'
  | 'INGEST_NO_EVENTS'
  | 'INGEST_UNKNOWN_PRESET'

/** An ingest failure: the message names the file (and field) at fault and what to do about it. */
export class IngestError extends CodedError<IngestErrorCode> {
  override readonly name = 'IngestError'
}
