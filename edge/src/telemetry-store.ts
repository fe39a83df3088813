import type { Env } from './env.ts'
import { EdgeError } from './errors.ts'
import type { DayAggregate } from './telemetry-aggregator.ts'
import type { TelemetryReport } from './telemetry-report.ts'

/** The goal's `TelemetryAggregator` instance (one per goal). */
function aggregator(env: Env, goal: string): DurableObjectStub {
  if (!env.TELEMETRY) {
    throw new EdgeError(500, 'INTERNAL', 'no TELEMETRY Durable Object binding; add "durable_objects" to wrangler.jsonc (see edge/README.md)')
  }
  return env.TELEMETRY.get(env.TELEMETRY.idFromName(goal))
}

/** Adds a validated report to its goal's aggregate. */
export async function addReport(env: Env, report: TelemetryReport): Promise<void> {
  const res = await aggregator(env, report.goal).fetch('https://telemetry/add', { method: 'POST', body: JSON.stringify(report) })
  if (res.status !== 204) throw new EdgeError(500, 'INTERNAL', `the telemetry store refused the report (${res.status}); retry later`)
}

/** Every stored (version, day) aggregate of a goal. */
export async function readDays(env: Env, goal: string): Promise<DayAggregate[]> {
  const res = await aggregator(env, goal).fetch('https://telemetry/days')
  if (!res.ok) throw new EdgeError(500, 'INTERNAL', `the telemetry store failed (${res.status}); retry later`)
  return (await res.json()) as DayAggregate[]
}
