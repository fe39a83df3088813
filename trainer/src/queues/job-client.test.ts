import { describe, expect, it } from 'vitest'
import { CliError } from '../commands/cli-error.ts'
import type { CliIo } from '../commands/io.ts'
import { engineFlags } from '../engine/engine-flags.ts'
import { jobClient } from './job-client.ts'

/** An io whose fetch answers from `answer` (the edge is what these tests are not about: they check the error mapping). */
function io(answer: (url: string, init: RequestInit, n: number) => Response | Promise<Response>): CliIo & { calls: string[] } {
  const calls: string[] = []
  return {
    calls, stdout: () => {}, stderr: () => {}, env: {},
    fetch: (async (url: string, init: RequestInit) => { calls.push(`${init.method} ${url}`); return answer(url, init, calls.length) }) as typeof fetch,
  }
}

const refused = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code } })
const edgeError = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status })

async function failure(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(CliError)
  return error as CliError
}

describe('the queues job client', () => {
  it('maps a refused connection, a 401 and other refusals to codes whose message says what to do', async () => {
    const down = await failure(jobClient(io(() => { throw refused('ECONNREFUSED') }), 'http://127.0.0.1:9', 't').status('x'))
    expect(down.code).toBe('EDGE_UNREACHABLE')
    expect(down.message).toMatch(/GET http:\/\/127\.0\.0\.1:9\/v1\/jobs\/x: the edge is unreachable \(ECONNREFUSED\); check --endpoint/)
    const denied = await failure(jobClient(io(() => edgeError(401, 'UNAUTHORIZED', 'no')), 'http://e', 't').create({ task: {}, shards: 1 }))
    expect(denied.code).toBe('EDGE_UNAUTHORIZED')
    expect(denied.message).toMatch(/401 \(UNAUTHORIZED: no\); set AUSPEX_TOKEN to the edge's publish token/)
    const state = await failure(jobClient(io(() => edgeError(409, 'JOB_STATE', 'the job is running')), 'http://e', 't').upload('x', 0, new Uint8Array(1)))
    expect(state.code).toBe('EDGE_REQUEST_FAILED')
    expect(state.message).toMatch(/PUT http:\/\/e\/v1\/jobs\/x\/shards\/0: 409 JOB_STATE: the job is running/)
  })

  it('retries once on a kept-alive socket the edge closed, never on a refused connection', async () => {
    const stale = io((_u, _i, n) => { if (n === 1) throw refused('UND_ERR_SOCKET'); return Response.json({ id: 'x', state: 'done' }) })
    expect((await jobClient(stale, 'http://e', 't').status('x')).state).toBe('done')
    expect(stale.calls).toEqual(['GET http://e/v1/jobs/x', 'GET http://e/v1/jobs/x'])
    const twice = io(() => { throw refused('UND_ERR_SOCKET') })
    expect((await failure(jobClient(twice, 'http://e', 't').status('x'))).code).toBe('EDGE_UNREACHABLE')
    expect(twice.calls).toHaveLength(2)
    const down = io(() => { throw refused('ECONNREFUSED') })
    await failure(jobClient(down, 'http://e', 't').status('x'))
    expect(down.calls).toHaveLength(1)
  })

  it('retries an edge that answered 503 (a Worker restarted mid-request) with backoff, and gives up after the policy', async () => {
    const waits: number[] = []
    const policy = { attempts: 3, baseMs: 100, maxMs: 1000, sleep: async (ms: number) => { waits.push(ms) } }
    const retried: string[] = []
    const restarted = io((_u, _i, n) => n === 1 ? new Response('Your worker restarted mid-request.', { status: 503 }) : new Response(null, { status: 204 }))
    await jobClient(restarted, 'http://e', 't', policy, (what, attempt) => retried.push(`${what} #${attempt}`)).upload('x', 2, new Uint8Array(1))
    expect(restarted.calls).toEqual(['PUT http://e/v1/jobs/x/shards/2', 'PUT http://e/v1/jobs/x/shards/2'])
    expect(retried).toEqual(['PUT http://e/v1/jobs/x/shards/2 #1'])
    expect(waits).toHaveLength(1)
    expect(waits[0]).toBeGreaterThanOrEqual(75)
    const always = io(() => edgeError(503, 'UNAVAILABLE', 'down'))
    const error = await failure(jobClient(always, 'http://e', 't', policy).status('x'))
    expect(error.code).toBe('EDGE_REQUEST_FAILED')
    expect(error.message).toMatch(/503 UNAVAILABLE: down/)
    expect(always.calls).toHaveLength(3)
    const refusal = io(() => edgeError(409, 'JOB_STATE', 'running'))
    await failure(jobClient(refusal, 'http://e', 't', policy).start('x'))
    expect(refusal.calls).toHaveLength(1)
  })

  it('probe: 404 JOB_NOT_FOUND proves the edge and the token; a delete of a deleted job is done', async () => {
    await jobClient(io(() => edgeError(404, 'JOB_NOT_FOUND', 'no such job')), 'http://e', 't').probe()
    await jobClient(io(() => edgeError(404, 'JOB_NOT_FOUND', 'no such job')), 'http://e', 't').delete('x')
    expect((await failure(jobClient(io(() => edgeError(404, 'NOT_FOUND', 'no route')), 'http://e', 't').probe())).code).toBe('EDGE_REQUEST_FAILED')
  })
})

describe('--engine, --endpoint', () => {
  it('queues needs --endpoint, and --endpoint needs queues', () => {
    expect(() => engineFlags('score', { engine: 'queues' })).toThrow(/--engine queues needs --endpoint URL/)
    expect(() => engineFlags('score', { endpoint: 'http://e' })).toThrow(/--endpoint goes with --engine queues/)
    expect(engineFlags('train', { engine: 'queues', endpoint: 'http://e', workers: '3' })).toMatchObject({ engine: 'queues', endpoint: 'http://e', workers: 3, allowInsecure: false })
  })
})
