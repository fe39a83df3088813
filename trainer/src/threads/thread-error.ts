import { CodedError } from '../coded-error.ts'

/** A worker thread that failed to start, crashed or stopped (out of memory, killed): not a fault of the data. */
export class ThreadError extends CodedError<'THREAD_FAILED'> {
  override readonly name = 'ThreadError'
}
