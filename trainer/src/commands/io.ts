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

/**
 * A progress reporter writing one line per step to stderr, at most every `intervalMs` per step (and
 * always the first report of a step). Silent when `quiet` (e.g. `--json`).
 */
export function progressPrinter(io: CliIo, quiet: boolean, intervalMs = 1000): (p: Progress) => void {
  const last = new Map<string, number>()
  return (p) => {
    if (quiet) return
    const now = Date.now()
    const prev = last.get(p.step)
    if (prev !== undefined && now - prev < intervalMs && !(p.total !== undefined && p.done >= p.total)) return
    last.set(p.step, now)
    const total = p.total === undefined ? '' : ` / ${fmt.format(p.total)}`
    io.stderr(`  ${p.step}: ${fmt.format(p.done)}${total}${p.unit ? ` ${p.unit}` : ''}\n`)
  }
}

/** Formats a number with thousands separators. */
export function formatCount(n: number): string {
  return fmt.format(n)
}
