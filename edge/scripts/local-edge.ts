/**
 * Starts the edge locally with `wrangler dev` (offline: local R2 and KV persisted under `stateDir`) in its own
 * process group, so `stop()` takes workerd down with it. Used by `pnpm edge`, `pnpm start`, the node tests and the bench.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { prepareSdkAssets } from './sdk-assets.ts'

/** The edge package folder. */
export const EDGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const WRANGLER = join(EDGE_DIR, 'node_modules/.bin/wrangler')

export interface LocalEdgeOptions {
  /** default: AUSPEX_EDGE_PORT or 8787 */
  port?: number
  /** local R2/KV state folder; default `edge/.wrangler/state` */
  stateDir?: string
  /** the write (publish) token; default: a random one */
  token?: string
  /** the profile routes' token (AUSPEX_PROFILE_TOKEN); default: a random one */
  profileToken?: string
  /** the secret that signs profile grants (AUSPEX_GRANT_SECRET, ≥ 32 characters); default: a random one */
  grantSecret?: string
  /** how long to wait for `GET /v1/health` (default 60 s) */
  timeoutMs?: number
  /** extra Worker vars (`--var NAME:value`), e.g. `{ AUSPEX_JOB_FAULTS: 'on' }` for the queues engine's fault tests */
  vars?: Record<string, string>
}

export interface LocalEdge {
  url: string
  token: string
  profileToken: string
  grantSecret: string
  /** wrangler's pid, which is also the id of the process group holding workerd */
  pid: number
  /** wrangler's last 40 lines of output (stdout and stderr; at `--log-level warn`), e.g. for a test's failure message */
  output(): string
  /** Stops wrangler and workerd (the whole process group); resolves when they are gone. */
  stop(): Promise<void>
}

/** Environment that keeps wrangler offline and quiet. */
export const WRANGLER_ENV = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_SEND_ERROR_REPORTS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  NO_COLOR: '1',
}

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer()
    server.once('error', () => done(false))
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)))
  })
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().once('error', fail).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0)
    return true
  } catch {
    return false
  }
}

/** Stops a child started in its own process group: SIGTERM, then SIGKILL, waiting up to 5 s for each. */
export async function killGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid
  if (pid === undefined) return
  for (const [signal, waitMs] of [['SIGTERM', 5000], ['SIGKILL', 5000]] as const) {
    if (!groupAlive(pid)) return
    try { process.kill(-pid, signal) } catch { return }
    const deadline = Date.now() + waitMs
    while (Date.now() < deadline && groupAlive(pid)) await sleep(50)
  }
}

/**
 * Starts `wrangler dev` for the edge and resolves once `GET /v1/health` answers 200.
 * @throws {Error} when the port is taken, wrangler exits, or health does not answer in time (with wrangler's last output lines).
 * @example const edge = await startLocalEdge({ port: 8787 }); console.log(edge.url, edge.token); await edge.stop()
 */
export async function startLocalEdge(options: LocalEdgeOptions = {}): Promise<LocalEdge> {
  const port = options.port ?? Number(process.env.AUSPEX_EDGE_PORT ?? 8787)
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`startLocalEdge: port ${String(options.port ?? process.env.AUSPEX_EDGE_PORT)} is not a TCP port (1–65535)`)
  const token = options.token ?? randomBytes(24).toString('base64url')
  const profileToken = options.profileToken ?? randomBytes(24).toString('base64url')
  const grantSecret = options.grantSecret ?? randomBytes(32).toString('hex')
  if (profileToken === token) throw new Error('startLocalEdge: the profile token must differ from the publish token (AUSPEX_PROFILE_TOKEN ≠ AUSPEX_TOKEN)')
  const stateDir = resolve(options.stateDir ?? join(EDGE_DIR, '.wrangler/state'))
  const timeoutMs = options.timeoutMs ?? 60_000
  await prepareSdkAssets() // the `assets` folder of wrangler.jsonc: the built SDK served at /v1/sdk.js
  if (!(await portFree(port))) throw new Error(`startLocalEdge: port ${port} on 127.0.0.1 is already in use; stop what runs there or pick another port (AUSPEX_EDGE_PORT)`)

  const args = ['dev', '--config', join(EDGE_DIR, 'wrangler.jsonc'), '--local', '--ip', '127.0.0.1', '--port', String(port),
    // a free inspector port too: wrangler's default (9229/9230) collides when two edges run on one machine
    '--inspector-port', String(await freePort()),
    '--persist-to', stateDir, '--var', `AUSPEX_TOKEN:${token}`,
    '--var', `AUSPEX_PROFILE_TOKEN:${profileToken}`, '--var', `AUSPEX_GRANT_SECRET:${grantSecret}`,
    ...Object.entries(options.vars ?? {}).flatMap(([name, value]) => ['--var', `${name}:${value}`]), '--show-interactive-dev-session=false', '--log-level', 'warn']
  const child = spawn(WRANGLER, args, { cwd: EDGE_DIR, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...WRANGLER_ENV } })
  const lines: string[] = []
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter((l) => l.trim() !== ''))
    if (lines.length > 40) lines.splice(0, lines.length - 40)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let exited: string | null = null
  child.once('exit', (code, signal) => { exited = `exited with ${signal ?? `code ${code}`}` })
  child.once('error', (error) => { exited = `could not start ${WRANGLER} (${error.message})` })

  const url = `http://127.0.0.1:${port}`
  const edge: LocalEdge = { url, token, profileToken, grantSecret, pid: child.pid ?? -1, output: () => lines.join('\n'), stop: () => killGroup(child) }
  const deadline = Date.now() + timeoutMs
  const fail = async (why: string) => {
    await edge.stop()
    return new Error(`startLocalEdge: wrangler dev ${why}. Last output:\n${lines.slice(-15).join('\n') || '(none)'}`)
  }
  for (;;) {
    if (exited !== null) throw await fail(exited)
    if (Date.now() > deadline) throw await fail(`did not answer GET /v1/health within ${timeoutMs / 1000} s`)
    try {
      const res = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(2000) })
      if (res.ok) return edge
    } catch { /* not up yet */ }
    await sleep(200)
  }
}
