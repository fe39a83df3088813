import { backoffDelay } from './model-fetch.ts'

/** One source's retry state: its failures since the last answer and its one pending retry. */
export interface Retry {
  /** failures since the last answer (0: not failing) */
  readonly failures: number
  /** a retry is scheduled */
  readonly pending: boolean
  /** Counts a failure and schedules `run` after {@link backoffDelay} (1 s, 2 s, 4 s … capped at `max`); replaces a pending retry. */
  fail(run: () => void): void
  /** An answer came: the next failure waits 1 s again. */
  succeed(): void
  /** Drops the pending retry (the failure count stays). */
  cancel(): void
}

/** The retry state of the models' and segments' revalidation: never more than one retry pending per source. */
export function createRetry(max: number): Retry {
  let failures = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const cancel = () => {
    clearTimeout(timer)
    timer = undefined
  }
  return {
    get failures() {
      return failures
    },
    get pending() {
      return timer !== undefined
    },
    fail(run) {
      cancel()
      timer = setTimeout(() => {
        timer = undefined
        run()
      }, backoffDelay(failures++, max))
    },
    succeed() {
      failures = 0
    },
    cancel,
  }
}
