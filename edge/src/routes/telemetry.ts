import { Hono } from 'hono'
import { readJson } from '../body.ts'
import type { AppEnv } from '../env.ts'
import { EdgeError, methodNotAllowed } from '../errors.ts'
import { NO_STORE } from '../http-cache.ts'
import { telemetryRateLimit } from '../rate-limit.ts'
import { modelKey } from '../registry.ts'
import { addReport } from '../telemetry-store.ts'
import { TELEMETRY_BOUNDS, parseTelemetryReport } from '../telemetry-report.ts'

/** `POST /v1/telemetry`: a public, rate-limited, bounded aggregate of live scores for one model version and day. */
export const telemetryRoutes = new Hono<AppEnv>()

telemetryRoutes.post('/', telemetryRateLimit(), async (c) => {
  const report = parseTelemetryReport(await readJson(c.req.raw, TELEMETRY_BOUNDS.bodyBytes), Date.now())
  // only stored versions collect telemetry, so a client cannot make up versions (or goals) to fill storage
  if (!(await c.env.MODELS.head(modelKey(report.goal, report.version)))) {
    throw new EdgeError(404, 'NOT_FOUND', `version: ${report.version} of goal ${report.goal} does not exist; report only versions the edge serves`)
  }
  await addReport(c.env, report)
  return c.body(null, 204, { 'cache-control': NO_STORE })
})
telemetryRoutes.all('/', methodNotAllowed(['POST']))
