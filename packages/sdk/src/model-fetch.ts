import { SdkError } from './errors.ts'

export type FetchFn = (
  input: string,
  init?: { headers?: Record<string, string>; cache?: 'no-cache'; credentials?: 'omit'; method?: 'POST'; body?: string; keepalive?: boolean },
) => Promise<Response>

/** The answer of the edge: a new artifact (unverified JSON) with its ETag, or "not modified". */
export type ModelFetch = { status: 'modified'; json: unknown; etag: string | null } | { status: 'not-modified' }

/**
 * `GET {endpoint}/v1/models/:goal`, conditional on `etag` (If-None-Match).
 * @throws {SdkError} `MODEL_FETCH_FAILED` on a network error or any status but 200 and 304, naming the URL.
 */
export async function fetchModel(fetchFn: FetchFn, endpoint: string, goal: string, etag: string | null): Promise<ModelFetch> {
  const url = `${endpoint.replace(/\/+$/, '')}/v1/models/${encodeURIComponent(goal)}`
  let response: Response
  try {
    response = await fetchFn(url, { headers: etag ? { 'If-None-Match': etag } : {}, cache: 'no-cache', credentials: 'omit' })
  } catch (error) {
    throw new SdkError('MODEL_FETCH_FAILED', `GET ${url} failed (${(error as Error)?.message ?? error}); scoring from the cached model, retrying with backoff`, { cause: error })
  }
  if (response.status === 304) return { status: 'not-modified' }
  if (response.status !== 200) {
    throw new SdkError('MODEL_FETCH_FAILED', `GET ${url} answered ${response.status}; check the endpoint and that goal "${goal}" has an active model`)
  }
  let json: unknown
  try {
    json = await response.json()
  } catch (error) {
    throw new SdkError('MODEL_INVALID', `GET ${url} did not return JSON: ${(error as Error)?.message ?? error}`, { cause: error })
  }
  return { status: 'modified', json, etag: response.headers.get('ETag') }
}

/** Retry delay after `attempt` failures (0-based): 1 s, 2 s, 4 s … capped at `max`, with ±20 % jitter. */
export function backoffDelay(attempt: number, max: number, random: () => number = Math.random): number {
  const base = Math.min(1000 * 2 ** Math.min(attempt, 20), max)
  return Math.round(base * (0.8 + 0.4 * random()))
}
