/**
 * Puts the built browser SDK into the Worker's static assets (`edge/.sdk-assets/`, see `assets` in wrangler.jsonc):
 * builds `packages/sdk/dist` when it is missing or older than the SDK's or core's sources, then copies its
 * `manifest.json` and JavaScript files (no `.d.ts`). Runs before `wrangler dev` (`startLocalEdge`), the edge test
 * suites and `pnpm --filter @auspex/edge deploy`. `tsx scripts/sdk-assets.ts` runs it alone.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ensureSdkBuilt, SDK_DIST, type SdkManifest } from '../../packages/sdk/scripts/build.ts'

/** The assets folder wrangler uploads (gitignored, rebuilt on demand). */
export const SDK_ASSETS_DIR = resolve(import.meta.dirname, '../.sdk-assets')

/** Builds the SDK if needed and refreshes `.sdk-assets/`; returns the manifest it holds. */
export async function prepareSdkAssets(): Promise<SdkManifest> {
  const manifest = await ensureSdkBuilt()
  rmSync(SDK_ASSETS_DIR, { recursive: true, force: true })
  mkdirSync(SDK_ASSETS_DIR, { recursive: true })
  for (const file of manifest.files) copyFileSync(join(SDK_DIST, file), join(SDK_ASSETS_DIR, file))
  writeFileSync(join(SDK_ASSETS_DIR, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest = await prepareSdkAssets()
  console.log(`edge SDK assets: ${manifest.build} (${manifest.files.length} files) in ${SDK_ASSETS_DIR}`)
}
