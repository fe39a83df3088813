import { describe, expect, it, vi } from 'vitest'
import { createModelSync } from './model-sync.ts'
import { SEC, useFakeClock } from './test-support/fake-clock.ts'

useFakeClock()

/** A model sync for one goal against an edge that is down; `times` holds the (fake) time of every request. */
function setup() {
  const times: number[] = []
  const errors: unknown[] = []
  const sync = createModelSync({
    fetch: () => (times.push(Date.now()), Promise.reject(new Error('offline'))),
    endpoint: 'https://edge.test',
    goals: () => ['purchase-30d'],
    every: 60 * SEC,
    current: () => ({ record: undefined, hash: undefined }),
    onModel: async () => {},
    onSameModel: async () => {},
    report: (error) => void errors.push(error),
    now: () => Date.now(),
  })
  return { sync, times, errors }
}

describe('createModelSync backoff', () => {
  it('retries a failure after 1 s, 2 s, 4 s', async () => {
    const { sync, times, errors } = setup()
    sync.start()
    await vi.advanceTimersByTimeAsync(7 * SEC)
    expect(times).toEqual([0, 1 * SEC, 3 * SEC, 7 * SEC])
    expect(errors[0]).toMatchObject({ code: 'MODEL_FETCH_FAILED' })
    sync.stop()
  })

  it('keeps one retry per goal when a forced revalidation (refresh) fails while a retry is pending', async () => {
    const { sync, times } = setup()
    sync.start()
    await vi.advanceTimersByTimeAsync(SEC / 2)
    await sync.revalidateAll(true) // fails again at 0.5 s: its retry replaces the one due at 1 s
    await vi.advanceTimersByTimeAsync(6 * SEC)
    expect(times).toEqual([0, 0.5 * SEC, 1.5 * SEC, 3.5 * SEC])
    sync.stop()
  })

  it('fetches and reports nothing after stop()', async () => {
    const { sync, times, errors } = setup()
    sync.start()
    await vi.advanceTimersByTimeAsync(SEC / 2)
    sync.stop()
    await sync.revalidateAll(true)
    await vi.advanceTimersByTimeAsync(120 * SEC)
    expect(times).toEqual([0])
    expect(errors).toHaveLength(1)
  })
})
