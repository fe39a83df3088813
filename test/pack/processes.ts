/** Child processes and free ports for the packaging tests: servers run in their own process group, stopped as one. */
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { killGroup } from '../../edge/scripts/local-edge.ts'

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer().once('error', fail).listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => done(port))
    })
  })
}

export interface Server {
  url: string
  stop(): Promise<void>
}


/** Spawns `command` in `cwd` (own process group) and waits until `url` answers 200; throws with its output if not. */
export async function startServer(command: string, args: string[], cwd: string, url: string, timeoutMs = 30_000): Promise<Server> {
  const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } })
  let output = ''
  child.stdout?.on('data', (b: Buffer) => void (output += b.toString()))
  child.stderr?.on('data', (b: Buffer) => void (output += b.toString()))
  const server = { url, stop: () => killGroup(child) }
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return server
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 150))
  }
  await server.stop()
  throw new Error(`${command} ${args.join(' ')} did not serve ${url} (exit ${child.exitCode}):\n${output.slice(-2000)}`)
}
