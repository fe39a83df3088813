import { SdkError } from './errors.ts'
import type { FetchFn } from './model-fetch.ts'
import { createRetry } from './retry.ts'

/** The published segments as cached on the device: the edge's JSON (validated on every load) and its ETag. */
export interface SegmentsRecord {
  version: string | null
  etag: string | null
  /** the `segments` array as received; compiled with core before use */
  rules: unknown
  fetchedAt: number
}

/**
 * `GET {endpoint}/v1/segments`, conditional on `etag` (If-None-Match). Resolves to the new record, or null on 304.
 * @throws {SdkError} `SEGMENTS_FETCH_FAILED` on a network error, a status but 200/304, or a body that is not
 * `{ version: string | null, segments: [...] }`, naming the URL.
 */
export async function fetchSegments(fetchFn: FetchFn, endpoint: string, etag: string | null, now: number): Promise<SegmentsRecord | null> {
  const url = `${endpoint.replace(/\/+$/, '')}/v1/segments`
  const fail = (why: string, cause?: unknown) => new SdkError('SEGMENTS_FETCH_FAILED', `GET ${url} ${why}; keeping the cached segments, retrying with backoff`, { cause })
  let response: Response
  try {
    response = await fetchFn(url, { headers: etag ? { 'If-None-Match': etag } : {}, cache: 'no-cache', credentials: 'omit' })
  } catch (error) {
    throw fail(`failed (${(error as Error)?.message ?? error})`, error)
  }
  if (response.status === 304) return null
  if (response.status !== 200) throw fail(`answered ${response.status}`)
  const json = (await response.json().catch(() => null)) as { version?: unknown; segments?: unknown } | null
  if (!json || !Array.isArray(json.segments) || (json.version !== null && typeof json.version !== 'string')) {
    throw fail('did not return { "version": string | null, "segments": [...] }')
  }
  return { version: json.version, etag: response.headers.get('ETag'), rules: json.segments, fetchedAt: now }
}

/** What {@link createSegmentSync} returns. */
export interface SegmentSync {
  /** Revalidates now (a pending retry is cancelled; a failure schedules the next one). Never rejects. */
  revalidate(): Promise<void>
  /** Revalidates now and then every `every` ms. */
  start(): void
  /** Stops the schedule and any pending retry; nothing is fetched, reported or handed over afterwards. */
  stop(): void
}

/**
 * Revalidates the segments now and every `every` ms (the models' schedule). A new record goes to `onRecord`;
 * failures go to `report` and are retried with backoff like the models' (1 s, 2 s, 4 s … capped at `every`,
 * ±20 % jitter; see `retry.ts`) while the cached rules keep working offline. Any answer (200 or 304)
 * resets the backoff. A tick is skipped while a retry is pending or a request is in flight, so the two never
 * overlap. Never rejects.
 */
export function createSegmentSync(o: {
  fetch: FetchFn
  endpoint: string
  every: number
  etag: () => string | null
  onRecord: (record: SegmentsRecord) => Promise<void>
  report: (error: unknown) => void
  now: () => number
}): SegmentSync {
  let timer: ReturnType<typeof setInterval> | undefined
  const retry = createRetry(o.every)
  let inFlight = 0
  let stopped = false

  const revalidate = async (): Promise<void> => {
    if (stopped) return
    retry.cancel()
    inFlight++
    try {
      const record = await fetchSegments(o.fetch, o.endpoint, o.etag(), o.now())
      retry.succeed()
      if (record && !stopped) await o.onRecord(record)
    } catch (error) {
      if (stopped) return
      o.report(error)
      retry.fail(() => void revalidate())
    } finally {
      inFlight--
    }
  }
  return {
    revalidate,
    start() {
      void revalidate()
      timer = setInterval(() => {
        if (!retry.pending && inFlight === 0) void revalidate()
      }, o.every)
    },
    stop() {
      stopped = true
      clearInterval(timer)
      retry.cancel()
    },
  }
}
