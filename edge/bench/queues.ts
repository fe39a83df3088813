/**
 * The queues engine's cost per shard, measured from outside workerd (`wrangler dev`, local Queue/R2/Durable Object):
 * the workerd processes' CPU time and peak RSS (/proc, bench/process-stats.ts) around one score job per shard of
 * ~100 k real events (online retail cut into 4 shards), less the same job on a one-event shard (routes, Durable Object,
 * R2 and queue overhead); then `auspex train --engine queues` over the same 4 shards, CPU and peak per phase. From those
 * figures, a projection for 100 M and 1 B events (README "Which engine"). workerd's clock stands still while code
 * runs and local dev reports no CPU per invocation, hence /proc; the RSS peak is the whole process's, an upper bound
 * of the isolate's heap.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeShard, gzip, ShardBuilder, speculate, type CollectTask, type ShardManifest } from '@auspex/shard'
import { EDGE_DIR, startLocalEdge, type LocalEdge } from '../scripts/local-edge.ts'
import { ROOT } from './model.ts'
import { measure, workerdPids } from './process-stats.ts'
import { projection, type PerShard } from './queues-projection.ts'

const TSX = join(ROOT, 'node_modules/.bin/tsx')
const CLI = join(ROOT, 'trainer/src/cli.ts')
const EVENTS = join(ROOT, 'data/online-retail/online_retail.csv.gz')
const TOKEN = 'bench-token'
const line = (label: string, value: string) => console.log(`  ${label.padEnd(46)} ${value}`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => done(p)) })
  })
}

/** One score job over `shards` (stored bytes) on the edge, start to done; the status of its shards; then deleted. */
async function scoreJob(edge: LocalEdge, artifact: unknown, asOf: number, shards: Uint8Array[]): Promise<Array<{ ms: number | null; profiles: number | null }>> {
  const auth = { authorization: `Bearer ${TOKEN}` }
  const api = `${edge.url}/v1/jobs`
  const created = await fetch(api, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ task: { kind: 'score', artifacts: [artifact], asOf }, shards: shards.length }) })
  if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`)
  const { id } = (await created.json()) as { id: string }
  for (const [n, bytes] of shards.entries()) await fetch(`${api}/${id}/shards/${n}`, { method: 'PUT', headers: auth, body: bytes })
  await fetch(`${api}/${id}/start`, { method: 'POST', headers: auth })
  for (;;) {
    const status = (await (await fetch(`${api}/${id}`, { headers: auth })).json()) as { state: string; error: string | null; shards: Array<{ ms: number | null; profiles: number | null }> }
    if (status.state === 'failed') throw new Error(`bench job failed: ${status.error}`)
    if (status.state === 'done') {
      await fetch(`${api}/${id}`, { method: 'DELETE', headers: auth })
      return status.shards
    }
    await sleep(100)
  }
}

/**
 * `auspex train --engine queues` on the shard folder, in this process: workerd CPU and peak RSS per phase (between the
 * CLI's job lines), and each phase's task as the CLI sent it (for the heap probe).
 */
async function trainPhases(edge: LocalEdge, shardDir: string, pids: number[]): Promise<{ phases: Record<string, { cpuMs: number; peakRiseMiB: number }>; tasks: Record<string, unknown> }> {
  const { runCli } = await import('../../trainer/src/commands/run-cli.ts')
  const phases: Record<string, { cpuMs: number; peakRiseMiB: number }> = {}
  const tasks: Record<string, unknown> = {}
  const pending: Array<Promise<void>> = []
  let finish: (() => void) | undefined
  const io = {
    stdout: () => {},
    stderr: (text: string) => {
      for (const m of text.matchAll(/job \S+ \((\w+)\)/g)) {
        finish?.()
        const name = m[1]!
        pending.push(measure(pids, () => new Promise<void>((done) => { finish = done })).then((r) => { phases[name] = { cpuMs: r.cpuMs, peakRiseMiB: r.peakRiseMiB } }))
      }
    },
    env: { ...process.env, AUSPEX_TOKEN: TOKEN },
    fetch: (async (url: string | URL | Request, init?: RequestInit) => {
      if (init?.method === 'POST' && String(url).endsWith('/v1/jobs')) {
        const { task } = JSON.parse(String(init.body)) as { task: { kind: string } }
        tasks[task.kind] = task
      }
      return fetch(url, init)
    }) as typeof fetch,
  }
  const code = await runCli(['train', '--events', shardDir, '--goal', join(ROOT, 'goals/purchase-30d.json'), '--out', join(shardDir, '..', 'model'),
    '--engine', 'queues', '--endpoint', edge.url, '--json'], io)
  finish?.()
  await Promise.all(pending)
  if (code !== 0) throw new Error(`auspex train --engine queues exited ${code}`)
  return { phases, tasks }
}

const HEAP_LADDER_MIB = [16, 24, 32, 48, 64, 96, 128, 192]

/** The smallest V8 heap (MiB, from {@link HEAP_LADDER_MIB}) in which `task` runs on `shardFile`, with its CPU there. */
function heapNeeded(work: string, name: string, task: unknown, shardFile: string): { heapMiB: number | null; cpuMs: number | null } {
  const taskFile = join(work, `${name}.task.json`)
  writeFileSync(taskFile, JSON.stringify(task))
  for (const mib of HEAP_LADDER_MIB) {
    const run = spawnSync(process.execPath, [`--max-old-space-size=${mib}`, '--max-semi-space-size=4', '--import', 'tsx', join(EDGE_DIR, 'bench/heap-probe.ts'), taskFile, shardFile],
      { cwd: EDGE_DIR, encoding: 'utf8' })
    if (run.status === 0) return { heapMiB: mib, cpuMs: (JSON.parse(run.stdout) as { cpuMs: number }).cpuMs }
  }
  return { heapMiB: null, cpuMs: null }
}

/** Runs the queues bench; returns its figures (also printed). */
export async function benchQueues(modelText: string): Promise<Record<string, unknown>> {
  const work = mkdtempSync(join(tmpdir(), 'auspex-queues-bench-'))
  const shardDir = join(work, 'shards')
  execFileSync(TSX, [CLI, 'shard', '--events', EVENTS, '--out', shardDir, '--shards', '4', '--json'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  const manifest = JSON.parse(readFileSync(join(shardDir, 'manifest.json'), 'utf8')) as ShardManifest
  const shards = manifest.shards.map((s) => new Uint8Array(readFileSync(join(shardDir, s.file))))
  const artifact = JSON.parse(modelText) as unknown
  const asOf = (manifest.summary.lastTimestamp ?? 0) + 1
  const edge = await startLocalEdge({ port: await freePort(), stateDir: join(work, 'state'), token: TOKEN })
  try {
    const pids = workerdPids(edge.pid)
    if (pids.length === 0) throw new Error(`no workerd process in group ${edge.pid}`)
    const tiny = await gzip(encodeShard(new ShardBuilder().add('p', [{ profileId: 'p', timestamp: asOf - 1000, type: 'purchase', value: 1 }]).build()))
    await scoreJob(edge, artifact, asOf, [tiny]) // warm: the isolate loads, the model is parsed once
    const overhead = await measure(pids, () => scoreJob(edge, artifact, asOf, [tiny]))
    console.log(`\nqueues engine in workerd (wrangler dev; CPU and peak RSS of its processes from /proc; noisy on a shared machine)`)
    line('one-event shard (routes, DO, R2, queue)', `${overhead.cpuMs.toFixed(0)} ms CPU`)
    const perShard: Array<{ events: number; bytes: number; cpuMs: number; netCpuMs: number; peakRiseMiB: number; consumerMs: number | null }> = []
    for (const [n, entry] of manifest.shards.entries()) {
      const m = await measure(pids, () => scoreJob(edge, artifact, asOf, [shards[n]!]))
      const consumerMs = m.result[0]?.ms ?? null
      perShard.push({ events: entry.events, bytes: entry.bytes, cpuMs: m.cpuMs, netCpuMs: m.cpuMs - overhead.cpuMs, peakRiseMiB: m.peakRiseMiB, consumerMs })
      line(`score shard ${n} (${entry.events} events, ${(entry.bytes / 1024).toFixed(0)} KiB)`,
        `${(m.cpuMs - overhead.cpuMs).toFixed(0)} ms CPU net, peak RSS +${m.peakRiseMiB.toFixed(1)} MiB, consumer ${consumerMs} ms`)
    }
    const { phases, tasks } = await trainPhases(edge, shardDir, pids)
    for (const [name, p] of Object.entries(phases)) {
      line(`train phase ${name} (4 shards)`, `${p.cpuMs.toFixed(0)} ms CPU (${(p.cpuMs / 4).toFixed(0)} per shard), peak RSS +${p.peakRiseMiB.toFixed(1)} MiB`)
    }
    // the heap each task needs on one ~100 k-event shard (same V8 as workerd, capped with --max-old-space-size); the
    // collect task also as a 100 M-event export would send it (speculate: each shard keeps ~300 k / 33 M of its candidates)
    const probes: Record<string, { heapMiB: number | null; cpuMs: number | null }> = {}
    const shard0 = join(shardDir, manifest.shards[0]!.file)
    const collect = tasks.collect as CollectTask | undefined
    const probeTasks: Record<string, unknown> = { score: { kind: 'score', artifacts: [artifact], asOf }, ...tasks,
      ...(collect ? { 'collect (100 M-event export)': speculate(collect, 1e8) } : {}) }
    for (const [name, task] of Object.entries(probeTasks)) {
      probes[name] = heapNeeded(work, name.replace(/\W+/g, '-'), task, shard0)
      const p = probes[name]!
      line(`heap for ${name}, shard 0`, p.heapMiB === null ? `> ${HEAP_LADDER_MIB.at(-1)} MiB` : `≤ ${p.heapMiB} MiB V8 heap (${p.cpuMs?.toFixed(0)} ms CPU in Node)`)
    }
    const events = perShard.reduce((n, s) => n + s.events, 0)
    const per100k = (cpu: number) => (cpu / events) * 100_000
    const measured: PerShard = {
      scoreCpuMs: per100k(perShard.reduce((n, s) => n + s.netCpuMs, 0)),
      trainCpuMs: per100k(Object.values(phases).reduce((n, p) => n + p.cpuMs, 0) - 3 * manifest.shards.length * overhead.cpuMs),
      bytes: (perShard.reduce((n, s) => n + s.bytes, 0) / events) * 100_000,
      wallMs: Math.max(...perShard.map((s) => s.consumerMs ?? 0)),
    }
    line('per 100 k events', `score ${measured.scoreCpuMs.toFixed(0)} ms CPU, training phases ${measured.trainCpuMs.toFixed(0)} ms CPU, ${(measured.bytes / 1024).toFixed(0)} KiB gzip`)
    const projected = projection(measured)
    for (const p of projected) {
      line(`${p.events / 1e6} M events, ${p.task}`, `${p.shards} shards, wall ≈ ${p.wallSeconds.toFixed(0)} s at ${p.concurrency} consumers, ≈ $${p.dollars.toFixed(2)}`)
    }
    return { overheadCpuMs: overhead.cpuMs, perShard, phases, heap: probes, per100kEvents: measured, projection: projected }
  } finally {
    await edge.stop()
    rmSync(work, { recursive: true, force: true })
  }
}
