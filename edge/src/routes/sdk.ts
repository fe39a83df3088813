import { Hono } from 'hono'
import type { AppEnv } from '../env.ts'
import { EdgeError } from '../errors.ts'
import { IMMUTABLE_CACHE_CONTROL } from '../http-cache.ts'

/**
 * The built browser SDK for `<script type="module">` on any site (`packages/sdk/dist`, copied into the Worker's
 * static assets by `scripts/sdk-assets.ts`, reachable only through this route: `run_worker_first`).
 * - `GET /v1/sdk.js` — a one-line module, `export * from './sdk/<build>/index.js'`, cached 5 minutes: the only URL
 *   a site writes down. A re-export, not a redirect, so it is one cacheable response in every CDN and browser.
 * - `GET /v1/sdk/<build>/<file>.js` — the build's files (`index.js`, `worker.js`, lazy chunks), `immutable`: `build`
 *   is the SDK version plus a hash of its files, so the same URL never serves other bytes.
 * CORS comes from the app's middleware (`ALLOWED_ORIGINS`): module scripts and the worker's `import` are CORS fetches.
 */
export const sdkRoutes = new Hono<{ Bindings: AppEnv['Bindings'] & { ASSETS?: Fetcher } }>()

interface SdkManifest { version: string; build: string; files: string[] }

const JS = 'text/javascript; charset=utf-8'
const SHORT = 'public, max-age=300'

async function manifest(assets: Fetcher | undefined, base: string): Promise<SdkManifest> {
  const res = await assets?.fetch(new URL('/manifest.json', base))
  if (!res?.ok) throw new EdgeError(404, 'NOT_FOUND', 'this edge was deployed without the SDK: run `pnpm --filter @auspex/edge sdk-assets` before `wrangler deploy`')
  return (await res.json()) as SdkManifest
}

sdkRoutes.get('/sdk.js', async (c) => {
  const { build } = await manifest(c.env.ASSETS, c.req.url)
  return c.body(`export * from './sdk/${build}/index.js'\n`, 200, { 'content-type': JS, 'cache-control': SHORT })
})

sdkRoutes.get('/sdk/:build/:file', async (c) => {
  const { build, file } = c.req.param()
  const m = await manifest(c.env.ASSETS, c.req.url)
  if (build !== m.build || !m.files.includes(file)) {
    throw new EdgeError(404, 'NOT_FOUND', `no SDK file ${build}/${file}; this edge serves build ${m.build} (load it through /v1/sdk.js)`)
  }
  const res = await c.env.ASSETS!.fetch(new URL(`/${file}`, c.req.url))
  if (!res.ok) throw new EdgeError(500, 'INTERNAL', `SDK file ${file} is listed but missing from the assets`)
  return new Response(res.body, { headers: { 'content-type': JS, 'cache-control': IMMUTABLE_CACHE_CONTROL } })
})
