import type { Progress } from '../types.ts'

/** Where a command writes and what it reads from its environment; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  env: Record<string, string | undefined>
  fetch: typeof fetch
}

/** The process's stdout/stderr/env/fetch. */
export function processIo(): CliIo {
  return {
    stdout: (t) => { process.stdout.write(t) },
    stderr: (t) => { process.stderr.write(t) },
    env: process.env,
    fetch: globalThis.fetch,
  }
}

const fmt = new Intl.NumberFormat('en-US')

/** A progress reporter; `flush()` prints the last report not printed yet (call it before the command's own lines). */
export interface ProgressPrinter {
  (progress: Progress): void
  flush(): void
}

/**
 * A progress reporter writing to stderr, silent when `quiet` (e.g. `--json`). A step prints at most one line per
 * `intervalMs`, from `intervalMs` after its first report; its last count is printed when the next step reports or
 * at `flush()`. So a quick step shows one line with its final count ("read: 541,909 rows", not the first rows read),
 * and a long one a line a second plus its final count.
 */
export function progressPrinter(io: CliIo, quiet: boolean, intervalMs = 1000, now: () => number = Date.now): ProgressPrinter {
  /** when each step was last printed, or first reported */
  const since = new Map<string, number>()
  let pending: Progress | null = null
  const print = (p: Progress): void => {
    pending = null
    since.set(p.step, now())
    const total = p.total === undefined ? '' : ` / ${fmt.format(p.total)}`
    io.stderr(`  ${p.step}: ${fmt.format(p.done)}${total}${p.unit ? ` ${p.unit}` : ''}\n`)
  }
  const report = (p: Progress): void => {
    if (quiet) return
    if (pending && pending.step !== p.step) print(pending)
    const t = now()
    if (!since.has(p.step)) since.set(p.step, t)
    if ((p.total !== undefined && p.done >= p.total) || t - since.get(p.step)! >= intervalMs) print(p)
    else pending = p
  }
  return Object.assign(report, { flush: () => { if (pending) print(pending) } })
}

/** Formats a number with thousands separators. */
export function formatCount(n: number): string {
  return fmt.format(n)
}
