/** One line per step of `pnpm start`: `▸ name …` when it begins, `✓ name — detail (1.2 s)` when done. */

let stopping = false

/** Ctrl-C or a signal: steps that fail from now on (their child processes were stopped) fail quietly. */
export function stopSteps(): void {
  stopping = true
}

/** Runs one named step and prints its outcome; rethrows failures after printing them (unless stopping). */
export async function step<T>(name: string, run: (progress: (line: string) => void) => Promise<T>, detail?: (result: T) => string): Promise<T> {
  const started = Date.now()
  console.log(`▸ ${name} …`)
  const progress = (line: string): void => console.log(`    ${name}: ${line}`)
  try {
    const result = await run(progress)
    const extra = detail ? ` — ${detail(result)}` : ''
    console.log(`✓ ${name}${extra} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
    return result
  } catch (e) {
    if (!stopping) console.log(`✗ ${name}: ${(e as Error).message}`)
    throw Object.assign(e as Error, { reported: true })
  }
}
