import { describe, expect, it, vi } from 'vitest'
import type { FetchFn } from './model-fetch.ts'
import { createSegmentSync, type SegmentsRecord } from './segment-sync.ts'
import { fakeEdge } from './test-support/fake-edge.ts'
import { SEC, useFakeClock } from './test-support/fake-clock.ts'

useFakeClock()

/** A segment sync against the fake edge; `times` holds the (fake) time of every request. */
function setup(every = 60 * SEC, fetch?: FetchFn) {
  const edge = fakeEdge()
  edge.serveSegments('v1', [])
  const times: number[] = []
  const errors: unknown[] = []
  const records: SegmentsRecord[] = []
  const sync = createSegmentSync({
    fetch: (url, init) => (times.push(Date.now()), (fetch ?? edge.fetch)(url, init)),
    endpoint: 'https://edge.test',
    every,
    etag: () => records.at(-1)?.etag ?? null,
    onRecord: async (record) => void records.push(record),
    report: (error) => void errors.push(error),
    now: () => Date.now(),
  })
  return { edge, sync, times, errors, records }
}

describe('createSegmentSync backoff', () => {
  it('retries a failure after 1 s, 2 s, 4 s — not at the next revalidation', async () => {
    const { edge, sync, times, errors } = setup()
    edge.setDown(true)
    sync.start()
    await vi.advanceTimersByTimeAsync(999)
    expect(times).toEqual([0])
    await vi.advanceTimersByTimeAsync(1)
    expect(times).toEqual([0, 1 * SEC])
    await vi.advanceTimersByTimeAsync(1999)
    expect(times).toEqual([0, 1 * SEC])
    await vi.advanceTimersByTimeAsync(1 + 4 * SEC)
    expect(times).toEqual([0, 1 * SEC, 3 * SEC, 7 * SEC])
    expect(errors).toHaveLength(4)
    expect(errors[0]).toMatchObject({ code: 'SEGMENTS_FETCH_FAILED', message: expect.stringContaining('retrying with backoff') })
    sync.stop()
  })

  it('the retry delay doubles up to the revalidation interval; ticks are skipped while a retry is pending', async () => {
    const { edge, sync, times } = setup(5 * SEC)
    edge.setDown(true)
    sync.start()
    await vi.advanceTimersByTimeAsync(17 * SEC)
    // 1 s, 2 s, 4 s, then capped at 5 s; no extra requests at the ticks (5 s, 10 s, 15 s)
    expect(times).toEqual([0, 1, 3, 7, 12, 17].map((s) => s * SEC))
    sync.stop()
  })

  it('an answer (200 or 304) resets the backoff', async () => {
    const { edge, sync, times, records } = setup()
    edge.setDown(true)
    sync.start()
    await vi.advanceTimersByTimeAsync(1 * SEC) // failures at 0 and 1 s; the next retry waits 2 s
    edge.setDown(false)
    await vi.advanceTimersByTimeAsync(2 * SEC) // 200 at 3 s
    expect(records.map((r) => r.version)).toEqual(['v1'])
    edge.setDown(true)
    await vi.advanceTimersByTimeAsync(60 * SEC - 3 * SEC) // the tick at 60 s fails
    edge.setDown(false)
    await vi.advanceTimersByTimeAsync(1 * SEC) // retried after 1 s again: 304
    expect(times).toEqual([0, 1, 3, 60, 61].map((s) => s * SEC))
    expect(edge.requests.map((r) => r.status)).toEqual([0, 0, 200, 0, 304])
    edge.setDown(true)
    await vi.advanceTimersByTimeAsync(120 * SEC - 61 * SEC) // the tick at 120 s fails
    await vi.advanceTimersByTimeAsync(1 * SEC) // the 304 reset the backoff too: retried after 1 s
    expect(times.slice(5)).toEqual([120 * SEC, 121 * SEC])
    sync.stop()
  })

  it('revalidate() replaces a pending retry: one retry schedule, never two', async () => {
    const { edge, sync, times } = setup()
    edge.setDown(true)
    sync.start() // fails at 0: retry due at 1 s
    await vi.advanceTimersByTimeAsync(500)
    await expect(sync.revalidate()).resolves.toBeUndefined() // fails at 0.5 s: retry due at 2.5 s
    await vi.advanceTimersByTimeAsync(2 * SEC)
    expect(times).toEqual([0, 500, 2500])
    sync.stop()
  })

  it('skips a tick while a request is in flight', async () => {
    let answer!: (response: Response) => void
    const { sync, times } = setup(1 * SEC, () => new Promise<Response>((resolve) => (answer = resolve)))
    sync.start()
    await vi.advanceTimersByTimeAsync(3 * SEC)
    expect(times).toEqual([0])
    answer(new Response(null, { status: 304 }))
    await vi.advanceTimersByTimeAsync(1 * SEC)
    expect(times).toEqual([0, 4 * SEC])
    sync.stop()
  })

  it('nothing runs after stop(): no retry, no report, no record, and revalidate() resolves', async () => {
    const { edge, sync, times, errors } = setup()
    edge.setDown(true)
    sync.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(errors).toHaveLength(1)
    sync.stop() // a retry was pending
    await vi.advanceTimersByTimeAsync(10 * 60 * SEC)
    await expect(sync.revalidate()).resolves.toBeUndefined()
    expect(times).toEqual([0])
    expect(errors).toHaveLength(1)
  })

  it('a request in flight at stop() neither reports nor schedules a retry', async () => {
    let fail!: (error: Error) => void
    const { sync, times, errors, records } = setup(60 * SEC, () => new Promise<Response>((_, reject) => (fail = reject)))
    sync.start()
    sync.stop()
    fail(new TypeError('Failed to fetch'))
    await vi.advanceTimersByTimeAsync(10 * 60 * SEC)
    expect(times).toEqual([0])
    expect(errors).toEqual([])
    expect(records).toEqual([])
  })
})
