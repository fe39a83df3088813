import { Hono } from 'hono'
import type { AppEnv, Env } from '../env.ts'
import { methodNotAllowed } from '../errors.ts'
import { NO_STORE } from '../http-cache.ts'
import { psi, trainingShares } from '../psi.ts'
import { checkGoal, getVersion } from '../registry.ts'
import { readDays } from '../telemetry-store.ts'

/** One day of a version's live scores: count, 20-bin histogram, PSI against training, unknown types. */
export interface MonitorDay {
  day: string
  n: number
  histogram: number[]
  psi: number | null
  unknownTypes: Record<string, number>
}

/** `GET /v1/models/:goal/monitor`: per version and day, the live score distribution and its PSI. */
export const monitorRoutes = new Hono<AppEnv>()

monitorRoutes.get('/:goal/monitor', async (c) => {
  const goal = checkGoal(c.req.param('goal'))
  const byVersion = new Map<string, MonitorDay[]>()
  const days = await readDays(c.env, goal)
  const versions = [...new Set(days.map((d) => d.version))]
  const shares = new Map(await Promise.all(versions.map(async (v) => [v, await expectedShares(c.env, goal, v)] as const)))
  for (const d of days) {
    const expected = shares.get(d.version) ?? null
    const list = byVersion.get(d.version) ?? []
    const drift = expected ? psi(d.histogram, expected) : null
    list.push({ day: d.day, n: d.n, histogram: d.histogram, psi: drift, unknownTypes: d.unknownTypes })
    byVersion.set(d.version, list)
  }
  const body = [...byVersion].map(([version, list]) => ({ version, trainingShares: shares.get(version) ?? null, days: list }))
  return c.json({ goal, versions: body }, 200, { 'cache-control': NO_STORE })
})
monitorRoutes.all('/:goal/monitor', methodNotAllowed(['GET', 'HEAD']))

/** The training population's bin shares of a stored version, or null when the version is gone. */
async function expectedShares(env: Env, goal: string, version: string): Promise<number[] | null> {
  const stored = await getVersion(env, goal, version)
  if (!stored) return null
  return trainingShares((JSON.parse(stored.text) as { percentiles: number[] }).percentiles)
}
