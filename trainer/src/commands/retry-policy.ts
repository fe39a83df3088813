/**
 * How the CLI retries requests to the edge that failed transiently (the profile uploader, the queues engine's job
 * client): a number of attempts, and a doubling wait with jitter between them.
 */

/** How failed requests are retried. */
export interface RetryPolicy {
  /** attempts in all, the first included */
  attempts: number
  /** the first wait; each later wait doubles, with ±25 % jitter */
  baseMs: number
  /** the longest wait */
  maxMs: number
  sleep: (ms: number) => Promise<void>
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 6,
  baseMs: 500,
  maxMs: 15_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}

/** The wait before retry `attempt` (1 = the first retry): the policy's doubling delay with ±25 % jitter. */
export function retryDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5)
}
