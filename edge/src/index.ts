/**
 * @auspex/edge — the Auspex Worker: model registry (R2 artifacts + KV active pointers), publish / activate /
 * rollback, server-side scoring and segment rules, on Hono, and the queues engine's jobs (`queue()`). The default
 * export is the Worker: `{ fetch, queue }`.
 */
import { Hono } from 'hono'
import { cors } from './cors.ts'
import type { AppEnv, Env } from './env.ts'
import { methodNotAllowed, notFound, onError } from './errors.ts'
import { shardConsumer } from './jobs/shard-consumer.ts'
import { jobRoutes } from './routes/jobs.ts'
import { modelRoutes } from './routes/models.ts'
import { monitorRoutes } from './routes/monitor.ts'
import { policyRoutes } from './routes/policy.ts'
import { profileGenerationRoutes } from './routes/profile-generations.ts'
import { profileNamedGenerations } from './routes/profile-named-generations.ts'
import { profileRoutes } from './routes/profiles.ts'
import { scoreRoutes } from './routes/score.ts'
import { sdkRoutes } from './routes/sdk.ts'
import { segmentRoutes } from './routes/segments.ts'
import { telemetryRoutes } from './routes/telemetry.ts'
import { versionRoutes } from './routes/versions.ts'

/** The Hono app (also the Worker's default export). */
export const app = new Hono<AppEnv>()

app.use('*', cors())
app.get('/v1/health', (c) => c.json({ ok: true, service: 'auspex-edge' }, 200, { 'cache-control': 'no-store' }))
app.all('/v1/health', methodNotAllowed(['GET', 'HEAD']))
app.route('/v1/models', versionRoutes)
app.route('/v1/models', modelRoutes)
app.route('/v1/models', policyRoutes)
app.route('/v1/models', monitorRoutes)
app.route('/v1/score', scoreRoutes)
app.use('/v1/profiles/generations', profileNamedGenerations(profileRoutes))
app.use('/v1/profiles/generations/*', profileNamedGenerations(profileRoutes))
app.route('/v1/profiles', profileGenerationRoutes)
app.route('/v1/profiles', profileRoutes)
app.route('/v1/segments', segmentRoutes)
app.route('/v1/telemetry', telemetryRoutes)
app.route('/v1/jobs', jobRoutes)
app.route('/v1', sdkRoutes)
app.onError(onError)
app.notFound(notFound)

/** The app's type, for a typed client (`hc<AppType>`). */
export type AppType = typeof app
export type { Env } from './env.ts'
export { allowedOrigin } from './cors.ts'
export { safeEqual } from './auth.ts'
export { ModelCache } from './model-cache.ts'
export { checkGate, type GateCheck } from './quality-gate.ts'
export { DEFAULT_POLICY, type QualityPolicy } from './quality-policy.ts'
export { parseScoreRequest, scoreRequest, type ScoreRequest, type ScoreResponse } from './score.ts'
export { segmentVersion } from './segments.ts'
// only functions, classes and objects: workerd refuses any other export of the main module (a number fails wrangler dev)
export { psi, trainingShares } from './psi.ts'
/** The Durable Object class of the `TELEMETRY` binding (wrangler.jsonc): must be exported by the main module. */
export { TelemetryAggregator } from './telemetry-aggregator.ts'
/** The Durable Object class of the `PROFILE_STORE` binding: the profile store's writes (generations, erasure). */
export { ProfileStore } from './profiles/store-object.ts'
/** The Durable Object class of the `JOB_RECORD` binding: one per queues-engine job. */
export { JobRecord } from './jobs/job-record.ts'
export { shardConsumer } from './jobs/shard-consumer.ts'

/** The Worker: the app's `fetch`, and `queue` for the shard queue and its dead-letter queue (src/jobs/). */
export default { fetch: app.fetch, queue: shardConsumer() } satisfies ExportedHandler<Env>
