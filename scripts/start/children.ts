/**
 * Child processes of `pnpm start`, each in its own process group so that stopping the group leaves
 * nothing behind (tsx → node → workerd chains included).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'

const running = new Set<ChildProcess>()

export interface RunResult {
  code: number | null
  output: string
}

/**
 * Runs a command to completion in its own process group. Each output line goes to `onLine`
 * (carriage-return progress updates are split into lines too). Rejects on a non-zero exit with the tail
 * of the output.
 */
export function run(cmd: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; onLine?: (line: string) => void }): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    running.add(child)
    let output = ''
    let partial = ''
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8')
      output += text
      if (output.length > 200_000) output = output.slice(-100_000)
      const parts = (partial + text).split(/\r\n|\r|\n/)
      partial = parts.pop() ?? ''
      for (const p of parts) if (p.trim()) options.onLine?.(p.trim())
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('error', (e) => { running.delete(child); reject(e) })
    child.on('close', (code) => {
      running.delete(child)
      if (partial.trim()) options.onLine?.(partial.trim())
      if (code === 0) resolvePromise({ code, output })
      else reject(new Error(`${[cmd, ...args].join(' ')} exited ${code}:\n${output.split('\n').slice(-15).join('\n')}`))
    })
  })
}

/** Sends SIGTERM (then SIGKILL after `graceMs`) to every running child's process group. */
export async function stopChildren(graceMs = 3000): Promise<void> {
  const groups = [...running].map((c) => c.pid).filter((p): p is number => typeof p === 'number')
  for (const pid of groups) signalGroup(pid, 'SIGTERM')
  const deadline = Date.now() + graceMs
  while (running.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  for (const pid of groups) signalGroup(pid, 'SIGKILL')
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {
    // group already gone
  }
}

/** The environment marker every process `pnpm start` starts inherits (`AUSPEX_START_PID=<pid>`). */
export function markDescendants(): string {
  process.env.AUSPEX_START_PID = String(process.pid)
  return `AUSPEX_START_PID=${process.pid}`
}

/**
 * Safety net after the orderly stop: any process still carrying this start's marker in its environment
 * (e.g. a workerd whose parent was killed first) gets SIGTERM, then SIGKILL. Linux only (reads /proc);
 * a no-op elsewhere. Returns how many processes it had to stop.
 */
export async function stopMarkedLeftovers(graceMs = 2000): Promise<number> {
  const marker = `AUSPEX_START_PID=${process.pid}`
  const find = (): number[] => {
    if (!existsSync('/proc')) return []
    const found: number[] = []
    for (const entry of readdirSync('/proc')) {
      const pid = Number(entry)
      if (!Number.isInteger(pid) || pid === process.pid) continue
      try {
        if (readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(marker)) found.push(pid)
      } catch {
        // gone, or not ours
      }
    }
    return found
  }
  const left = find()
  for (const pid of left) { try { process.kill(pid, 'SIGTERM') } catch { /* gone */ } }
  const deadline = Date.now() + graceMs
  while (find().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  for (const pid of find()) { try { process.kill(pid, 'SIGKILL') } catch { /* gone */ } }
  return left.length
}
