import { afterEach, beforeEach, vi } from 'vitest'

/** One second, in ms. */
export const SEC = 1000

/**
 * For the tests of this file: fake timers from time 0 and `Math.random` at 0.5, so the retry backoff has no jitter
 * (exactly 1 s, 2 s, 4 s …). Restored after each test.
 */
export function useFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 })
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })
}
