/**
 * Ingest bench: `openEvents` + core feature state (`createFeatureEngine(...).update` over every event of
 * every profile), on the bundled Online Retail export, on a generated 10 M-event Parquet export and on its first
 * 1 M events as JSON Lines.
 * Each case runs in its own child process, so peak RSS (`maxRSS`) is the case's own:
 * - `one core` (the retired per-core budget's setting): pinned to CPU 0 with `taskset`, DuckDB `threads=1`, so
 *   DuckDB's reading and JS's encoding take turns on one core;
 * - `all cores`: as `auspex train` runs by default (DuckDB on all cores, reading up to 128 MB ahead of JS's encoding).
 * Prints one line per figure; writes `.auspex/bench/trainer-ingest.json`.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join, resolve } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { compileGoal, createFeatureConfig, createFeatureEngine, learnEventTypes, parseGoal, type FeatureState } from '@auspex/core'
import { openEvents } from '../src/ingest/index.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const OUT = join(ROOT, '.auspex/bench')
const RETAIL = join(ROOT, 'data/online-retail/online_retail.csv.gz')
const SYNTH = join(ROOT, '.auspex/bench-data/events-10m.parquet')
const SYNTH_EVENTS = 10_000_000
/** The first 1 M of those events as JSON Lines (the canonical event format; ISO timestamps), ~108 MB. */
const SYNTH_JSONL = join(ROOT, '.auspex/bench-data/events-1m.jsonl')

interface CaseResult { name: string; cores: string; rows: number; events: number; profiles: number; readSeconds: number; sortSeconds: number; ingestSeconds: number; streamSeconds: number; streamOnlySeconds: number; seconds: number; eventsPerSecond: number; maxRssMb: number }

async function runCase(name: string, path: string, cores: string): Promise<CaseResult> {
  const goal = compileGoal(parseGoal(JSON.parse(readFileSync(join(ROOT, 'goals/purchase-30d.json'), 'utf8'))))
  const started = performance.now()
  let read = started
  // openEvents reports 'read' when the file is read and 'sort' when the events are grouped and ordered.
  const onProgress = (p: { step: string }) => { if (p.step === 'read') read = performance.now() }
  const source = await openEvents([path], { threads: cores === 'all' ? undefined : 1, memoryLimit: '1GB', onProgress })
  const ingested = performance.now()
  const engine = createFeatureEngine(goal, createFeatureConfig({ eventTypes: learnEventTypes(source.summary.typeCounts) }))
  let events = 0
  let profiles = 0
  let check = 0
  for await (const p of source.profiles()) {
    let state: FeatureState = engine.init()
    for (const e of p.events) state = engine.update(state, e)
    events += p.events.length
    profiles++
    check += state.n
  }
  const done = performance.now()
  // A second pass without the feature engine separates the stream's cost from core's `update`.
  let again = 0
  for await (const p of source.profiles()) again += p.events.length
  const streamOnlySeconds = (performance.now() - done) / 1000
  await source.close()
  if (again !== events) throw new Error(`second pass saw ${again} events, expected ${events}`)
  if (check !== events) throw new Error(`feature state saw ${check} events, expected ${events}`)
  const seconds = (done - started) / 1000
  return {
    name, cores, rows: source.summary.rowsRead, events, profiles,
    readSeconds: (read - started) / 1000, sortSeconds: (ingested - read) / 1000,
    ingestSeconds: (ingested - started) / 1000, streamSeconds: (done - ingested) / 1000, streamOnlySeconds, seconds,
    eventsPerSecond: events / seconds, maxRssMb: process.resourceUsage().maxRSS / 1024,
  }
}

async function generate(path: string, n: number): Promise<void> {
  mkdirSync(resolve(path, '..'), { recursive: true })
  const db = await DuckDBInstance.create(':memory:', { threads: '2' })
  const conn = await db.connect()
  // 10 M events of 400 k profiles over a year: page views, carts, purchases with values, items from 20 k SKUs.
  await conn.run(`COPY (
      SELECT 'u' || lpad(CAST(hash(i) % 400000 AS VARCHAR), 6, '0') AS profileId,
        TIMESTAMP '2024-01-01' + to_milliseconds(CAST(hash(i * 7 + 1) % 31536000000 AS BIGINT)) AS "timestamp",
        CASE WHEN i % 20 = 0 THEN 'purchase' WHEN i % 7 = 0 THEN 'addToCart' ELSE 'pageView' END AS type,
        CASE WHEN i % 20 = 0 THEN round((hash(i * 3) % 20000) / 100.0, 2) END AS value,
        CASE WHEN i % 3 = 0 THEN 'sku-' || (hash(i * 5) % 20000) END AS item
      FROM range(${n}) t(i))
    TO '${path}' (FORMAT parquet, COMPRESSION zstd)`)
  db.closeSync()
}

async function generateJsonl(from: string, path: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:', { threads: '2' })
  const conn = await db.connect()
  await conn.run(`COPY (SELECT profileId, strftime("timestamp", '%Y-%m-%dT%H:%M:%S.%gZ') AS "timestamp", type, value, item
      FROM read_parquet('${from}') LIMIT 1000000)
    TO '${path}' (FORMAT json)`)
  db.closeSync()
}

function line(label: string, value: string, budget: string, ok: boolean): string {
  return `trainer ${label}: ${value} (budget ${budget}) ${ok ? 'OK' : 'OVER'}`
}

async function main(): Promise<void> {
  const child = process.argv.indexOf('--child')
  if (child >= 0) {
    const [name, path, cores] = process.argv.slice(child + 1)
    process.stdout.write(JSON.stringify(await runCase(name!, path!, cores!)) + '\n')
    return
  }
  if (!existsSync(SYNTH)) {
    const t = performance.now()
    await generate(SYNTH, SYNTH_EVENTS)
    console.log(`(generated ${SYNTH_EVENTS.toLocaleString('en-US')} synthetic events in ${((performance.now() - t) / 1000).toFixed(1)} s: ${SYNTH})`)
  }
  if (!existsSync(SYNTH_JSONL)) await generateJsonl(SYNTH, SYNTH_JSONL)
  const pin = spawnSync('taskset', ['-c', '0', 'true']).status === 0
  if (!pin) console.log('trainer ingest: taskset is not available, so the one-core cases are not pinned (DuckDB still uses one thread)')
  const results: CaseResult[] = []
  const lines: string[] = []
  const cases = [['online-retail', RETAIL, '1'], ['synthetic-10m', SYNTH, '1'], ['synthetic-1m-jsonl', SYNTH_JSONL, '1'], ['synthetic-10m', SYNTH, 'all']] as const
  for (const [name, path, cores] of cases) {
    const args = ['--import', 'tsx', import.meta.filename, '--child', name, path, cores]
    const [cmd, argv] = cores === '1' && pin ? ['taskset', ['-c', '0', process.execPath, ...args]] : [process.execPath, args]
    const run = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 })
    const where = cores === '1' ? 'one core' : `all ${cpus().length} cores`
    if (run.status !== 0) {
      console.log(`trainer ingest ${name} (${where}): failed (exit ${run.status}) ${run.stderr.split('\n').slice(0, 5).join(' ')}`)
      process.exitCode = 1
      continue
    }
    const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as CaseResult
    results.push(r)
    const rate = `${(r.eventsPerSecond / 1e6).toFixed(2)} M events/s`
    const l = [
      cores === '1'
        // the per-core ingest budget (≥ 1 M events/s) is retired: the scale-out budgets (bench/scale.ts) replace it
        ? `trainer ingest + feature state, ${name} (${(r.events / 1e6).toFixed(2)} M events, one core): ${rate} (the retired per-core budget was ≥ 1 M/s; bench/scale.ts has the budgets that replace it)`
        : `trainer ingest + feature state, ${name} (${where}, as \`auspex train\` runs): ${rate}`,
      `trainer ingest ${name} (${where}): openEvents ${r.ingestSeconds.toFixed(1)} s (read + check + encode ${r.readSeconds.toFixed(1)} s, group and order ${r.sortSeconds.toFixed(1)} s) + profiles() stream and feature update ${r.streamSeconds.toFixed(1)} s = ${(r.events / r.streamSeconds / 1e6).toFixed(2)} M events/s (${r.rows.toLocaleString('en-US')} rows, ${r.profiles.toLocaleString('en-US')} profiles)`,
    ]
    if (cores === '1') {
      l.push(`trainer ingest ${name}: profiles() stream alone ${(r.events / r.streamOnlySeconds / 1e6).toFixed(2)} M events/s; core feature update alone ≈ ${(r.events / Math.max(1e-9, r.streamSeconds - r.streamOnlySeconds) / 1e6).toFixed(2)} M events/s`)
      if (name === 'synthetic-10m') l.push(line(`ingest peak memory, ${name}`, `${(r.maxRssMb / 1024).toFixed(2)} GB`, '< 2 GB', r.maxRssMb < 2048))
      else l.push(`trainer ingest peak memory, ${name}: ${r.maxRssMb.toFixed(0)} MB`)
    }
    for (const x of l) console.log(x)
    lines.push(...l)
  }
  mkdirSync(OUT, { recursive: true })
  writeFileSync(join(OUT, 'trainer-ingest.json'), JSON.stringify({ at: new Date().toISOString(), lines, results }, null, 2) + '\n')
}

await main()
