/**
 * How a worker thread starts, and with which Node options. A worker inherits the process's `execArgv` by default, and
 * run through tsx (`node --import tsx`, `npx tsx src/cli.ts`) that holds tsx's preflight and loader: the thread loads
 * them (~0.1 CPU-s a thread, measured 307 vs 204 ms) though they do not make it read TypeScript (on Node 20 tsx
 * registers its hooks in the main thread only), so a thread entry of the sources registers tsx itself (`register()`);
 * the bundle's entries (bin/bundle.mjs) are plain JavaScript. Threads start without tsx's flags and with every other
 * option (`--cpu-prof`, `--enable-source-maps`, …). A V8 or process-wide flag (`--max-old-space-size`,
 * `--perf-basic-prof`) cannot be given to a thread explicitly — Node refuses to start it — so with one of those the
 * thread inherits the options as Node filters them for a thread.
 */
import { Worker } from 'node:worker_threads'

/** Whether `value` (the argument of `--import`, `--require` or `--loader`) names tsx or a file of its package. */
function isTsx(value: string): boolean {
  return value === 'tsx' || value.startsWith('tsx/') || /[\\/]tsx[\\/]/.test(value)
}

const LOADERS = ['--import', '--require', '-r', '--loader', '--experimental-loader']

/** `execArgv` without tsx's preload flags, in both `--flag value` and `--flag=value` forms. */
export function withoutTsx(execArgv: readonly string[]): string[] {
  const kept: string[] = []
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!
    if (LOADERS.includes(arg) && i + 1 < execArgv.length && isTsx(execArgv[i + 1]!)) {
      i++
      continue
    }
    const eq = arg.indexOf('=')
    if (eq > 0 && LOADERS.includes(arg.slice(0, eq)) && isTsx(arg.slice(eq + 1))) continue
    kept.push(arg)
  }
  return kept
}

/** Starts a worker thread on `entry` with `execArgv` (the process's) less tsx's flags, or as Node filters them. */
export function startThread(entry: URL, execArgv: readonly string[] = process.execArgv): Worker {
  try {
    return new Worker(entry, { execArgv: withoutTsx(execArgv) })
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error
    return new Worker(entry)
  }
}
