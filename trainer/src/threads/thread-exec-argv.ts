/**
 * The Node options a worker thread starts with. A worker inherits the process's `execArgv` by default, and run
 * through tsx (`pnpm auspex`, `node --import tsx`) that holds tsx's loader: the thread would register tsx once for the
 * inherited flag and again in its entry (`register()`, which it needs when the CLI runs from bin/auspex.js), each
 * registration starting a module-hooks thread of its own (~0.1 CPU-s more per thread). Every other option (memory
 * limits, `--cpu-prof`, …) is kept.
 */

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

/** The `execArgv` for a worker thread whose entry registers tsx itself. */
export function threadExecArgv(): string[] {
  return withoutTsx(process.execArgv)
}
