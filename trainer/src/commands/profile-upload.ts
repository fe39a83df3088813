/**
 * The profile store's publish protocol, client side (edge/README.md "Profile store"): create a pending
 * generation, PUT each bucket as JSON Lines, commit; DELETE the generation when anything fails. Requests that
 * fail on the network, with a 5xx or with a 429 are retried with exponential backoff; a bucket PUT may be
 * retried safely since a re-PUT replaces the bucket.
 */
import { CliError } from './cli-error.ts'
import type { CliIo } from './io.ts'
import { call, edgeError, type EdgeReply } from './publish.ts'
import { DEFAULT_RETRY, retryDelay, type RetryPolicy } from './retry-policy.ts'

/** What POST /v1/profiles/generations declares. */
export interface GenerationPlan {
  buckets: number
  goals: Record<string, string>
  scoredAt: string
  profiles: number
}

export interface CommitResult {
  generation: string
  profiles: number
  previous: string | null
}

const retryable = (status: number) => status >= 500 || status === 429

/**
 * One request, retried on network failures, 5xx and 429 per `policy`; the last failure is thrown (unreachable)
 * or returned (an error reply), so the caller names it.
 */
export async function callWithRetries(io: CliIo, url: string, init: RequestInit, policy: RetryPolicy, onRetry?: (attempt: number, why: string) => void): Promise<EdgeReply> {
  for (let attempt = 1; ; attempt++) {
    let reply: EdgeReply | undefined
    let failure: unknown
    try {
      reply = await call(io, url, init)
    } catch (error) {
      failure = error
    }
    const why = reply === undefined ? (failure as Error).message : `${reply.status}`
    if (reply !== undefined && !retryable(reply.status)) return reply
    if (attempt >= policy.attempts) {
      if (reply !== undefined) return reply
      throw failure
    }
    onRetry?.(attempt, why)
    await policy.sleep(retryDelay(policy, attempt))
  }
}

/** A client of the profile store's publish routes at `endpoint` with the publish token. */
export function profileStoreClient(io: CliIo, endpoint: string, token: string, policy: RetryPolicy = DEFAULT_RETRY, onRetry?: (what: string, attempt: number, why: string) => void) {
  const base = `${endpoint.replace(/\/+$/, '')}/v1/profiles/generations`
  const auth = { authorization: `Bearer ${token}` }
  const send = async (method: string, url: string, body: string | undefined, contentType: string, ok: (status: number) => boolean): Promise<EdgeReply> => {
    const init: RequestInit = body === undefined ? { method, headers: auth } : { method, headers: { ...auth, 'content-type': contentType }, body }
    const reply = await callWithRetries(io, url, init, policy, (attempt, why) => onRetry?.(`${method} ${url}`, attempt, why))
    if (!ok(reply.status)) throw edgeError(method, url, reply)
    return reply
  }
  const json = 'application/json'
  return {
    /** POST a pending generation. @returns its id */
    async create(plan: GenerationPlan): Promise<string> {
      const reply = await send('POST', base, JSON.stringify(plan), json, (s) => s === 201 || s === 200)
      const generation = (reply.body as { generation?: unknown } | null)?.generation
      if (typeof generation !== 'string') {
        throw new CliError('PUBLISH_FAILED', `POST ${base}: ${reply.status} without a generation (got ${JSON.stringify(reply.body).slice(0, 200)}); is --endpoint an Auspex edge with the profile store?`)
      }
      return generation
    },
    /** PUT one bucket's records (JSON Lines). */
    async put(generation: string, bucket: number, body: string): Promise<void> {
      await send('PUT', `${base}/${encodeURIComponent(generation)}/buckets/${bucket}`, body, 'application/x-ndjson', (s) => s >= 200 && s < 300)
    },
    /** Switches the generation on. */
    async commit(generation: string): Promise<CommitResult> {
      const url = `${base}/${encodeURIComponent(generation)}/commit`
      const reply = await send('POST', url, undefined, json, (s) => s === 200)
      const body = (reply.body ?? {}) as Partial<CommitResult>
      return { generation, profiles: body.profiles ?? 0, previous: body.previous ?? null }
    },
    /** Deletes a pending generation; failures are returned, not thrown (it runs while another error is reported). */
    async abort(generation: string): Promise<string | undefined> {
      const url = `${base}/${encodeURIComponent(generation)}`
      try {
        const reply = await call(io, url, { method: 'DELETE', headers: auth })
        return reply.status < 300 || reply.status === 404 ? undefined : `DELETE ${url}: ${reply.status}`
      } catch (error) {
        return (error as Error).message
      }
    },
  }
}

export type ProfileStoreClient = ReturnType<typeof profileStoreClient>
