import type { Context } from 'hono'
import type { AppEnv } from './env.ts'

interface StoredVersion {
  text: string
  hash: string
}

const CACHE_ORIGIN = 'https://auspex-edge.cache'

/**
 * Reads an immutable version through the Workers Cache API (per data centre) before R2: versions never change,
 * so a cached copy is always right and saves an R2 read. Falls back to `load` where the Cache API is absent.
 */
export async function cachedVersion(c: Context<AppEnv>, goal: string, version: string, load: () => Promise<StoredVersion | null>): Promise<StoredVersion | null> {
  const cache = typeof caches === 'undefined' ? undefined : (caches as unknown as { default?: Cache }).default
  if (!cache) return load()
  const key = new Request(`${CACHE_ORIGIN}/models/${goal}/${version}`)
  const hit = await cache.match(key)
  if (hit) return { text: await hit.text(), hash: hit.headers.get('x-auspex-hash') ?? '' }
  const stored = await load()
  if (stored) {
    const copy = new Response(stored.text, { headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=31536000, immutable', 'x-auspex-hash': stored.hash } })
    const put = cache.put(key, copy)
    try {
      c.executionCtx.waitUntil(put)
    } catch {
      await put
    }
  }
  return stored
}
