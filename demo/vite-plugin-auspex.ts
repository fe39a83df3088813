/**
 * Dev-only routes of the demo (a local demo: the edge's dev token is handed to the page on purpose):
 * - `GET /__auspex/config.json` → `{ endpoint, edgeUrl, token, goals }`
 * - `GET /__auspex/models/:goal` → the locally trained versions of a goal (`[{ version, name, before, metrics }]`)
 * - `GET /__auspex/reports/:goal/:version` → that version's `report.html` from the trainer
 * - `POST /__auspex/grant` `{ profileId }` → `{ grant }`: the demo's "backend", signing a 5-minute profile grant with
 *   the edge's `AUSPEX_GRANT_SECRET` (core's `signGrant`) for the page's `identify`. The secret stays on this server.
 *   A real site signs only for the customer its session has logged in; the demo lets you "log in" as any of its customers.
 * `/v1/*` is proxied to the edge by the server config (see serve.ts), so the page has one origin.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import type { Plugin } from 'vite'
import { signGrant } from '@auspex/core'

export interface AuspexDemoOptions {
  edgeUrl: string
  token: string
  /** the edge's AUSPEX_GRANT_SECRET: `POST /__auspex/grant` signs with it (never sent to the page) */
  grantSecret?: string
  /** where `pnpm start` keeps the trained models (`<modelsDir>/<name>/model.json`, `report.html`, `key.json`) */
  modelsDir: string
  goals: string[]
}

export interface LocalVersion {
  version: string
  name: string
  /** ISO date the training data was cut at, when it was */
  before: string | null
  auc: number | null
  /** where the AUC was measured (the artifact's `training.evaluation`): versions are comparable on one window only */
  evaluation: { cutoff: string; labelWindow: [string, string]; n: number } | null
  /** [from, to] of the fit's snapshots (`training.split.train`) */
  fit: [string, string] | null
  /** [from, to] of the history the splits cover (the fit's start to the test window's end) */
  history: [string, string] | null
  /** from metrics.json: the test's calibration error and the baselines' AUCs on the same profiles */
  ece: number | null
  baselines: { recency?: number; frequency?: number } | null
}

type Span = [string, string]
const isSpan = (x: unknown): x is Span => Array.isArray(x) && x.length === 2 && x.every((d) => typeof d === 'string')

/** metrics.json's evidence, or nothing when the file is missing or unreadable. */
function metricsEvidence(dir: string): Pick<LocalVersion, 'ece' | 'baselines'> {
  try {
    const m = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as { ece?: unknown; baselines?: { recency?: unknown; frequency?: unknown } }
    const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined)
    const recency = num(m.baselines?.recency)
    const frequency = num(m.baselines?.frequency)
    return {
      ece: num(m.ece) ?? null,
      baselines: recency === undefined && frequency === undefined ? null : { ...(recency === undefined ? {} : { recency }), ...(frequency === undefined ? {} : { frequency }) },
    }
  } catch {
    return { ece: null, baselines: null }
  }
}

/** The trained models of `goal` found in `modelsDir`, newest first by directory order. */
export function localVersions(modelsDir: string, goal: string): Array<LocalVersion & { dir: string }> {
  if (!existsSync(modelsDir)) return []
  const out: Array<LocalVersion & { dir: string }> = []
  for (const name of readdirSync(modelsDir).sort()) {
    const dir = join(modelsDir, name)
    try {
      const artifact = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as {
        version?: string; goal?: { name?: string }; metrics?: { auc?: number }
        training?: { evaluation?: LocalVersion['evaluation']; split?: { train?: unknown; test?: unknown } }
      }
      if (artifact.goal?.name !== goal || typeof artifact.version !== 'string') continue
      let before: string | null = null
      try { before = (JSON.parse(readFileSync(join(dir, 'key.json'), 'utf8')) as { before?: string | null }).before ?? null } catch { /* no key file */ }
      const e = artifact.training?.evaluation
      const evaluation = e && typeof e.cutoff === 'string' && Array.isArray(e.labelWindow) && typeof e.n === 'number' ? { cutoff: e.cutoff, labelWindow: e.labelWindow, n: e.n } : null
      const split = artifact.training?.split
      const fit = isSpan(split?.train) ? split.train : null
      const history: Span | null = fit && isSpan(split?.test) ? [fit[0], split.test[1]] : null
      out.push({ version: artifact.version, name, before, auc: typeof artifact.metrics?.auc === 'number' ? artifact.metrics.auc : null, evaluation, fit, history, ...metricsEvidence(dir), dir })
    } catch {
      // not a model directory
    }
  }
  return out
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.statusCode = status
  res.setHeader('Content-Type', type)
  res.setHeader('Cache-Control', 'no-store')
  res.end(body)
}

const GRANT_TTL_SECONDS = 300

/** `POST /__auspex/grant` `{ profileId }` → `{ grant }` (see the file comment). */
async function grantRoute(options: AuspexDemoOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let text = ''
  for await (const chunk of req) {
    text += chunk
    if (text.length > 4096) return send(res, 413, 'application/json', JSON.stringify({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'send { "profileId": "…" }' } }))
  }
  if (!options.grantSecret) return send(res, 503, 'application/json', JSON.stringify({ error: { code: 'GRANTS_DISABLED', message: 'the demo was started without the edge\'s grant secret; run it with pnpm start' } }))
  let profileId: unknown
  try { profileId = (JSON.parse(text) as { profileId?: unknown }).profileId } catch { /* answered below */ }
  if (typeof profileId !== 'string' || profileId === '' || profileId.length > 256) {
    return send(res, 400, 'application/json', JSON.stringify({ error: { code: 'INVALID_REQUEST', message: 'profileId: expected the customer id, 1–256 characters: { "profileId": "12345" }' } }))
  }
  send(res, 200, 'application/json', JSON.stringify({ grant: signGrant(options.grantSecret, profileId, { ttlSeconds: GRANT_TTL_SECONDS }) }))
}

/** The request handler behind the `/__auspex/` routes (exported for tests). */
export function handleAuspexRoute(options: AuspexDemoOptions, req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost')
  if (!url.pathname.startsWith('/__auspex/')) return false
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent)
  if (parts[1] === 'config.json') {
    send(res, 200, 'application/json', JSON.stringify({ edgeUrl: options.edgeUrl, token: options.token, goals: options.goals }))
    return true
  }
  if (parts[1] === 'grant' && req.method === 'POST') {
    void grantRoute(options, req, res)
    return true
  }
  if (parts[1] === 'models' && parts[2]) {
    send(res, 200, 'application/json', JSON.stringify(localVersions(options.modelsDir, parts[2]).map(({ dir: _dir, ...v }) => v)))
    return true
  }
  if (parts[1] === 'reports' && parts[2] && parts[3]) {
    const found = localVersions(options.modelsDir, parts[2]).find((v) => v.version === parts[3])
    const file = found ? join(found.dir, 'report.html') : ''
    if (found && existsSync(file)) send(res, 200, 'text/html; charset=utf-8', readFileSync(file, 'utf8'))
    else send(res, 404, 'text/html; charset=utf-8', `<!doctype html><title>No report</title><p>No report for ${parts[2]} version ${parts[3]} in ${options.modelsDir}.</p>`)
    return true
  }
  send(res, 404, 'application/json', JSON.stringify({ error: { code: 'NOT_FOUND', message: `unknown demo route ${url.pathname}` } }))
  return true
}

/** The Vite plugin that serves the routes above in dev (`configureServer`) and preview. */
export function auspexDemo(options: AuspexDemoOptions): Plugin {
  const middleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (!handleAuspexRoute(options, req, res)) next()
  }
  return {
    name: 'auspex-demo',
    configureServer(server) { server.middlewares.use(middleware) },
    configurePreviewServer(server) { server.middlewares.use(middleware) },
  }
}
