/**
 * Runs the `pnpm start` stack for a test: `scripts/start.ts` in its own process group, with its own state
 * dir (`AUSPEX_HOME`, so a developer's running `pnpm start` is left alone) but the shared model and data caches, on
 * free ports. Resolves once the URLs are printed; `stop()` sends SIGTERM to the group and waits for it to empty.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../..')

export interface Stack {
  shopUrl: string
  edgeUrl: string
  token: string
  home: string
  output(): string
  stop(): Promise<void>
}

/** Whether any process of group `pgid` is still alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

/** PIDs and command lines of the processes whose environment holds `entry` (e.g. `AUSPEX_HOME=/tmp/x`). */
export function processesWithEnv(entry: string): string[] {
  const found: string[] = []
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(entry)) {
        found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()}`)
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return found
}

/** Spawns `tsx scripts/start.ts` with `env` (in its own process group). */
export function spawnStart(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/start.ts'], {
    cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', ...env },
  })
}

/** Starts the stack and waits (up to `timeoutMs`) for the printed URLs. */
export async function startStack(timeoutMs = 240_000): Promise<Stack> {
  const home = mkdtempSync(join(tmpdir(), 'auspex-e2e-'))
  const child = spawnStart({
    AUSPEX_HOME: home,
    AUSPEX_MODELS_DIR: process.env.AUSPEX_MODELS_DIR ?? join(ROOT, '.auspex/models'),
    AUSPEX_DATA_DIR: process.env.AUSPEX_DATA_DIR ?? join(ROOT, '.auspex/data'),
    AUSPEX_DEMO_PORT: '5273',
    AUSPEX_EDGE_PORT: '8887',
  })
  let out = ''
  child.stdout?.on('data', (c: Buffer) => { out += c.toString() })
  child.stderr?.on('data', (c: Buffer) => { out += c.toString() })
  const pgid = child.pid!
  const stop = async (): Promise<void> => {
    if (groupAlive(pgid)) process.kill(-pgid, 'SIGTERM')
    const deadline = Date.now() + 15_000
    while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL')
    rmSync(home, { recursive: true, force: true })
  }
  const started = Date.now()
  while (!/^\s*edge\s+\S+/m.test(out)) {
    if (child.exitCode !== null) { await stop(); throw new Error(`pnpm start exited ${child.exitCode} before printing the URLs:\n${out}`) }
    if (Date.now() - started > timeoutMs) { await stop(); throw new Error(`pnpm start printed no URLs within ${timeoutMs / 1000} s:\n${out}`) }
    await new Promise((r) => setTimeout(r, 200))
  }
  const shopUrl = /^\s*shop\s+(\S+)/m.exec(out)?.[1]?.replace(/\/$/, '') ?? ''
  const edgeUrl = /^\s*edge\s+(\S+)/m.exec(out)?.[1] ?? ''
  const token = /AUSPEX_TOKEN=(\S+?)\)/.exec(out)?.[1] ?? ''
  return { shopUrl, edgeUrl, token, home, output: () => out, stop }
}
