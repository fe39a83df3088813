/**
 * Starts the local edge (`wrangler dev`, offline) through the edge package's `startLocalEdge`. Imported
 * dynamically so that `pnpm start` type-checks and reports clearly even while the edge is being built.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

export interface LocalEdge {
  url: string
  token: string
  /** the profile routes' token (AUSPEX_PROFILE_TOKEN) */
  profileToken: string
  /** the secret the demo's backend signs grants with (AUSPEX_GRANT_SECRET) */
  grantSecret: string
  stop(): Promise<void> | void
}

type StartLocalEdge = (options: { port?: number; stateDir?: string; token?: string; profileToken?: string; grantSecret?: string }) => Promise<LocalEdge>

/** Starts the edge on `port` with its state in `stateDir`; throws with the fix when the edge is missing. */
export async function startEdge(root: string, options: { port: number; stateDir: string; token: string; profileToken?: string; grantSecret?: string }): Promise<LocalEdge> {
  const file = process.env.AUSPEX_LOCAL_EDGE ?? join(root, 'edge/scripts/local-edge.ts')
  if (!existsSync(file)) throw new Error(`${file} is missing: the edge package must export startLocalEdge({ port, stateDir, token })`)
  const mod = (await import(pathToFileURL(file).href)) as { startLocalEdge?: StartLocalEdge }
  if (typeof mod.startLocalEdge !== 'function') throw new Error(`${file} does not export startLocalEdge`)
  return mod.startLocalEdge(options)
}

/** Polls `GET /v1/health` until it answers 200 (or `timeoutMs` passes). */
export async function waitHealthy(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/v1/health`)
      if (res.ok) return
      last = `HTTP ${res.status}`
    } catch (e) {
      last = (e as Error).message
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`the edge at ${url} did not become healthy in ${timeoutMs / 1000} s (${last})`)
}
