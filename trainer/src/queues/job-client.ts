/**
 * The CLI's client of the edge's `/v1/jobs` routes (the queues engine): one function per route, every failure a
 * CliError whose message says what to do — `EDGE_UNREACHABLE` (nothing answers at --endpoint), `EDGE_UNAUTHORIZED`
 * (401: AUSPEX_TOKEN is not the edge's publish token), `EDGE_REQUEST_FAILED` (any other refusal, with the edge's code).
 */
import { CliError } from '../commands/cli-error.ts'
import type { CliIo } from '../commands/io.ts'
import { DEFAULT_RETRY, retryDelay, type RetryPolicy } from '../commands/retry-policy.ts'

/** The edge's job status (edge/src/jobs/job-types.ts `JobStatus`; the fields the CLI reads). */
export interface JobStatus {
  id: string
  kind: 'score' | 'survey' | 'collect' | 'describe'
  state: 'created' | 'running' | 'done' | 'failed' | 'expired'
  error: string | null
  expiresAt: string
  meta: { goals?: string[]; asOf?: number }
  counts: Record<'uploaded' | 'queued' | 'running' | 'done' | 'failed', number>
  shards: Array<{ shard: number; state: string; attempts: number; bytes: number; profiles: number | null; ms: number | null; error: string | null }>
}

export interface JobClient {
  /** Checks that the edge answers and takes the token (before a long read of the events). */
  probe(): Promise<void>
  /** `keepShards`: the shards outlive the job, for later jobs' `shardsFrom` (the id of such a job: nothing to upload) */
  create(body: { task: unknown; shards: number; faults?: unknown; keepShards?: boolean; shardsFrom?: string }): Promise<JobStatus>
  upload(id: string, shard: number, bytes: Uint8Array<ArrayBuffer>): Promise<void>
  start(id: string): Promise<JobStatus>
  status(id: string): Promise<JobStatus>
  result(id: string, shard: number): Promise<Uint8Array>
  delete(id: string): Promise<void>
}

/** Socket errors of a connection that was closed under the client (not of an edge that is down). */
const STALE_SOCKET = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'])

/**
 * Answers of an edge that is there but could not serve this request now (a Worker restarted mid-request, an
 * overloaded upstream, rate limiting): retried with backoff, since every job route is safe to repeat.
 */
const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504])

/**
 * A client for the edge at `endpoint` (already checked by `checkEndpoint`) with the publish token. Transient
 * answers are retried per `policy`, each retry reported through `onRetry`.
 */
export function jobClient(io: CliIo, endpoint: string, token: string, policy: RetryPolicy = DEFAULT_RETRY, onRetry?: (what: string, attempt: number, why: string) => void): JobClient {
  const base = `${endpoint.replace(/\/+$/, '')}/v1/jobs`
  const auth = { authorization: `Bearer ${token}` }

  async function send(method: string, path: string, init: { body?: string | Uint8Array<ArrayBuffer>; type?: string } = {}): Promise<Response> {
    const url = `${base}${path}`
    let res: Response | undefined
    const headers = { ...auth, ...(init.type ? { 'content-type': init.type } : {}) }
    for (let attempt = 1, transient = 1; res === undefined; attempt++) {
      try {
        res = await io.fetch(url, { method, headers, ...(init.body === undefined ? {} : { body: init.body }) })
        if (TRANSIENT_STATUS.has(res.status) && transient < policy.attempts) {
          const why = `${res.status} ${(await res.text()).slice(0, 120)}`
          onRetry?.(`${method} ${url}`, transient, why)
          await policy.sleep(retryDelay(policy, transient))
          transient++
          res = undefined
          continue
        }
      } catch (cause) {
        const reason = (cause as { cause?: { code?: string } }).cause?.code ?? (cause as Error).message
        // a kept-alive connection the edge closed while the CLI was busy (training's fit takes seconds) fails at once
        // with a socket error: one more try on a fresh connection. Every job route is safe to repeat.
        if (attempt === 1 && STALE_SOCKET.has(reason)) continue
        const fix = 'check --endpoint and that the edge is running (pnpm edge locally)'
        throw new CliError('EDGE_UNREACHABLE', `${method} ${url}: the edge is unreachable (${reason}); ${fix}`, { cause })
      }
    }
    if (res.ok) return res
    const text = await res.text()
    let detail = text.slice(0, 300)
    try {
      const { error } = JSON.parse(text) as { error?: { code?: string; message?: string } }
      if (error) detail = `${error.code ?? 'ERROR'}: ${error.message ?? ''}`
    } catch { /* not JSON: keep the text */ }
    if (res.status === 401 || res.status === 403) {
      throw new CliError('EDGE_UNAUTHORIZED', `${method} ${url}: ${res.status} (${detail}); set AUSPEX_TOKEN to the edge's publish token`)
    }
    throw new CliError('EDGE_REQUEST_FAILED', `${method} ${url}: ${res.status} ${detail}`)
  }
  const json = async (res: Response) => (await res.json()) as JobStatus

  return {
    async probe() {
      // a job id that cannot exist: 404 JOB_NOT_FOUND proves the route, the edge and the token; 401 is a bad token
      try {
        await send('GET', '/00000000-0000-4000-8000-000000000000')
      } catch (error) {
        if (!(error instanceof CliError && error.code === 'EDGE_REQUEST_FAILED' && /: 404 JOB_NOT_FOUND/.test(error.message))) throw error
      }
    },
    create: async (body) => json(await send('POST', '', { body: JSON.stringify(body), type: 'application/json' })),
    upload: async (id, shard, bytes) => { await send('PUT', `/${id}/shards/${shard}`, { body: bytes, type: 'application/octet-stream' }) },
    start: async (id) => json(await send('POST', `/${id}/start`)),
    status: async (id) => json(await send('GET', `/${id}`)),
    result: async (id, shard) => new Uint8Array(await (await send('GET', `/${id}/results/${shard}`)).arrayBuffer()),
    async delete(id) {
      try {
        await send('DELETE', `/${id}`)
      } catch (error) {
        // deleted already (a repeated delete whose first answer was lost): what was asked for is true
        if (!(error instanceof CliError && /: 404 JOB_NOT_FOUND/.test(error.message))) throw error
      }
    },
  }
}
