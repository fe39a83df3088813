/** `pnpm typecheck`: `tsc --noEmit` for every package of the workspace. Exit code 1 when any fails. */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { ROOT, tsconfigs } from './workspace.ts'

export function typecheck(): boolean {
  let ok = true
  for (const config of tsconfigs()) {
    const started = Date.now()
    const result = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['--noEmit', '-p', config], { cwd: ROOT, stdio: 'inherit' })
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    console.log(`typecheck ${config}: ${result.status === 0 ? 'ok' : 'FAILED'} (${seconds} s)`)
    if (result.status !== 0) ok = false
  }
  return ok
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(typecheck() ? 0 : 1)
