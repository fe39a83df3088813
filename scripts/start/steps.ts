/** One line per step of `pnpm start`: `▸ name …` when it begins, `✓ name — detail (1.2 s)` when done. */

/** Runs one named step and prints its outcome; rethrows failures after printing them. */
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
    console.log(`✗ ${name}: ${(e as Error).message}`)
    throw Object.assign(e as Error, { reported: true })
  }
}
