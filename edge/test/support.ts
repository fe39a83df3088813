import { createArtifact, createFeatureConfig, type GoalSpec, type MetricsSummary, type ModelArtifact } from '@auspex/core'
import { env, exports } from 'cloudflare:workers'
import { purchaseGoal } from '../../packages/core/src/test-support/fixtures.ts'
import { app } from '../src/index.ts'

export const TOKEN = 'test-token-0123456789'
export const BASE = 'https://edge.test'
// the goal and clock of core's own tests, so edge and core tests speak about the same goal
export { HOUR, purchaseGoal, T0 } from '../../packages/core/src/test-support/fixtures.ts'

/**
 * A small hand-set GAM artifact built and sealed by core; `intercept` and `day` vary the content and version. Its
 * `metrics` default to figures that pass the default quality gate (AUC 0.8, 600 positives, 600 negatives).
 */
export function testArtifact(
  options: { intercept?: number; day?: number; goal?: GoalSpec; version?: string; metrics?: MetricsSummary; percentiles?: number[] } = {},
): ModelArtifact {
  return createArtifact({
    goal: options.goal ?? purchaseGoal,
    config: createFeatureConfig({ eventTypes: ['pageView', 'addToCart', 'purchase'] }),
    model: {
      kind: 'gam',
      intercept: options.intercept ?? -2,
      terms: [
        { feature: 'days_since_purchase', edges: [1, 7, 30], weights: [-1.2, 1.1, 0.6, -0.2, -0.9] },
        { feature: 'count_addtocart_1d', edges: [0.5, 2], weights: [0, -0.3, 0.8, 1.5] },
        { feature: 'sessions_30d', edges: [1, 3, 6], weights: [0, -0.4, 0.1, 0.5, 0.9] },
      ],
    },
    calibration: { kind: 'platt', a: 0.9, b: 0.1 },
    population: Array.from({ length: 200 }, (_, i) => (i + 0.5) / 200),
    metrics: options.metrics ?? { auc: 0.8, positives: 600, negatives: 600 },
    createdAt: new Date(Date.UTC(2026, 10, options.day ?? 28)),
    ...(options.version ? { version: options.version } : {}),
    ...(options.percentiles ? { percentiles: options.percentiles } : {}),
  })
}

let clients = 0

/** A new client address (documentation range 2001:db8::/32) for each call, so rate limits bite only where a test means them to. */
export function clientAddress(): string {
  return `2001:db8::${(++clients).toString(16)}`
}

/** Request options of the tests: `token` is the bearer token (default {@link TOKEN}; `null` sends none). */
export type CallInit = RequestInit & { token?: string | null }

/** The test request for `path`: bearer token, JSON content type for a body, and its own client address unless given. */
function testRequest(path: string, init: CallInit): Request {
  const headers = new Headers(init.headers)
  if (!headers.has('cf-connecting-ip')) headers.set('cf-connecting-ip', clientAddress())
  const token = init.token === undefined ? TOKEN : init.token
  if (token !== null) headers.set('authorization', `Bearer ${token}`)
  if (init.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json')
  return new Request(`${BASE}${path}`, { ...init, headers })
}

/** A request to the Worker under test (the `main` module, in this isolate). */
export function call(path: string, init: CallInit = {}): Promise<Response> {
  return exports.default.fetch(testRequest(path, init))
}

/**
 * Like {@link call}, but straight into the app in this isolate with the Worker's bindings (`app.fetch(request, env)`),
 * skipping the pool's loopback to the `main` module, whose cost per request grows with every request of a test file
 * (≈ 2 ms at first, > 100 ms after a few hundred): for suites that send hundreds of requests, like the fuzz tests.
 */
export async function callDirect(path: string, init: CallInit = {}): Promise<Response> {
  return app.fetch(testRequest(path, init), env)
}

/** PUT an artifact as its own version. */
export function upload(artifact: ModelArtifact, token?: string | null): Promise<Response> {
  return call(`/v1/models/${artifact.goal.name}/versions/${artifact.version}`, { method: 'PUT', body: JSON.stringify(artifact), token })
}

/** POST /v1/models/:goal/active (`force` adds `"force": true`). */
export function activate(goal: string, version: string, token?: string | null, force?: boolean): Promise<Response> {
  return call(`/v1/models/${goal}/active`, { method: 'POST', body: JSON.stringify(force === undefined ? { version } : { version, force }), token })
}

/** PUT /v1/models/:goal/policy with `body` (sent as JSON). */
export function putPolicy(goal: string, body: unknown, token?: string | null): Promise<Response> {
  return call(`/v1/models/${goal}/policy`, { method: 'PUT', body: JSON.stringify(body), token })
}

/** The JSON error body's code. */
export async function errorCode(res: Response): Promise<string> {
  const body = (await res.json()) as { error?: { code?: string; message?: string } }
  return body.error?.code ?? `no error body (${res.status})`
}
