import { TELEMETRY_BINS as BINS, utcDay } from '@auspex/core'
import type { Env } from './env.ts'
import type { TelemetryReport } from './telemetry-report.ts'

/** Days of telemetry a goal keeps; older (version, day) rows are deleted on the next report. */
export const RETENTION_DAYS = 35

/** Distinct unknown type names kept per (version, day); further names are counted under {@link OTHER_TYPES}. */
export const MAX_STORED_TYPES = 100
export const OTHER_TYPES = '(other)'

/** One (version, day) aggregate as stored and returned by `GET /monitor`. */
export interface DayAggregate {
  version: string
  day: string
  n: number
  histogram: number[]
  unknownTypes: Record<string, number>
}

/**
 * The telemetry of one goal (one instance per goal, `idFromName(goal)`), in the object's SQLite storage: per
 * (version, day) the summed 20-bin histogram and the unknown event types' counts. A Durable Object, not Analytics
 * Engine, because `wrangler dev` and the tests can read it back. Spoken to by `fetch`: `POST /add` with a validated
 * {@link TelemetryReport}, `GET /days` for every stored aggregate. (A plain class, no `cloudflare:workers` import, so
 * the Worker's module still loads in Node for the bench.)
 */
export class TelemetryAggregator {
  readonly #sql: SqlStorage

  constructor(state: DurableObjectState, _env: Env) {
    this.#sql = state.storage.sql
    this.#sql.exec(`CREATE TABLE IF NOT EXISTS days (
      version TEXT NOT NULL, day TEXT NOT NULL, n INTEGER NOT NULL, histogram TEXT NOT NULL, PRIMARY KEY (version, day))`)
    this.#sql.exec(`CREATE TABLE IF NOT EXISTS unknown_types (
      version TEXT NOT NULL, day TEXT NOT NULL, type TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (version, day, type))`)
  }

  async fetch(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname
    if (request.method === 'POST' && path === '/add') {
      this.add((await request.json()) as TelemetryReport, Date.now())
      return new Response(null, { status: 204 })
    }
    if (request.method === 'GET' && path === '/days') return Response.json(this.days())
    return new Response('not found', { status: 404 })
  }

  /** Adds one report (validated by the Worker) and drops rows older than {@link RETENTION_DAYS}. */
  add(report: TelemetryReport, now: number): void {
    const oldest = utcDay(now, -RETENTION_DAYS)
    this.#sql.exec('DELETE FROM days WHERE day < ?', oldest)
    this.#sql.exec('DELETE FROM unknown_types WHERE day < ?', oldest)
    const { version, day } = report
    const row = this.#sql.exec<{ histogram: string }>('SELECT histogram FROM days WHERE version = ? AND day = ?', version, day).toArray()[0]
    const histogram = row ? (JSON.parse(row.histogram) as number[]) : new Array<number>(BINS).fill(0)
    for (let i = 0; i < BINS; i++) histogram[i] = (histogram[i] ?? 0) + (report.histogram[i] ?? 0)
    const n = histogram.reduce((sum, c) => sum + c, 0)
    this.#sql.exec('INSERT OR REPLACE INTO days (version, day, n, histogram) VALUES (?, ?, ?, ?)', version, day, n, JSON.stringify(histogram))
    for (const [type, count] of Object.entries(report.unknownTypes)) {
      if (count > 0) this.#addType(version, day, type, count)
    }
  }

  #addType(version: string, day: string, type: string, count: number): void {
    const known = this.#sql.exec('SELECT 1 FROM unknown_types WHERE version = ? AND day = ? AND type = ?', version, day, type).toArray().length > 0
    const stored = this.#sql.exec<{ k: number }>('SELECT COUNT(*) AS k FROM unknown_types WHERE version = ? AND day = ?', version, day).one().k
    const name = known || stored < MAX_STORED_TYPES - 1 ? type : OTHER_TYPES
    this.#sql.exec(
      `INSERT INTO unknown_types (version, day, type, count) VALUES (?, ?, ?, ?)
       ON CONFLICT (version, day, type) DO UPDATE SET count = count + excluded.count`,
      version, day, name, count,
    )
  }

  /** Every stored aggregate, by version then day (ascending). */
  days(): DayAggregate[] {
    const types = new Map<string, Record<string, number>>()
    const rows = this.#sql.exec<{ version: string; day: string; type: string; count: number }>(
      'SELECT version, day, type, count FROM unknown_types',
    )
    for (const t of rows) {
      const key = `${t.version}\n${t.day}`
      types.set(key, { ...types.get(key), [t.type]: t.count })
    }
    const days = this.#sql.exec<{ version: string; day: string; n: number; histogram: string }>(
      'SELECT version, day, n, histogram FROM days ORDER BY version, day',
    )
    return days.toArray().map((r) => ({
      version: r.version,
      day: r.day,
      n: r.n,
      histogram: JSON.parse(r.histogram) as number[],
      unknownTypes: types.get(`${r.version}\n${r.day}`) ?? {},
    }))
  }
}
