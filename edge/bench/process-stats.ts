/**
 * CPU time and peak memory of processes read from outside, from Linux's /proc: the queues bench measures workerd this
 * way because workerd reports neither per invocation in local dev (its clock even stands still while code runs).
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100)

/** The pids of the `workerd` processes in process group `pgid` (wrangler's group, see startLocalEdge). */
export function workerdPids(pgid: number): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid=,comm='], { encoding: 'utf8' })
  return out.split('\n').map((l) => l.trim().split(/\s+/)).filter((f) => Number(f[1]) === pgid && f[2] === 'workerd').map((f) => Number(f[0]))
}

/** User + system CPU time of `pid` so far, ms (10 ms resolution on most kernels). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ') // after "pid (comm) "
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS // utime, stime (fields 14 and 15 of stat)
}

/** Resident set size now and its peak since the last {@link resetPeak}, MiB. */
export function rssMiB(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN)
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 }
}

/** Resets the peak RSS (VmHWM) of `pid` to its current RSS (`echo 5 > /proc/pid/clear_refs`). */
export function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5')
}

/** CPU and peak RSS of several processes over `run()`: CPU summed, peak the largest rise over the RSS before. */
export async function measure<T>(pids: readonly number[], run: () => Promise<T>): Promise<{ result: T; cpuMs: number; peakRiseMiB: number; peakMiB: number }> {
  const before = pids.map((p) => ({ cpu: cpuMs(p), rss: rssMiB(p).now }))
  for (const p of pids) resetPeak(p)
  const result = await run()
  const after = pids.map((p) => ({ cpu: cpuMs(p), rss: rssMiB(p) }))
  const cpu = after.reduce((sum, a, i) => sum + a.cpu - before[i]!.cpu, 0)
  const rise = Math.max(...after.map((a, i) => a.rss.peak - before[i]!.rss))
  return { result, cpuMs: cpu, peakRiseMiB: rise, peakMiB: Math.max(...after.map((a) => a.rss.peak)) }
}
