import type { ModelArtifact } from '@auspex/core'
import type { FetchFn } from '../model-fetch.ts'

/** An in-process stand-in for the edge's `GET /v1/models/:goal`: strong ETag (the content hash), 304, failures. */
export function fakeEdge() {
  const served = new Map<string, ModelArtifact | string>()
  const requests: Array<{ url: string; ifNoneMatch: string | null; status: number }> = []
  let down = false
  let segments: { version: string | null; segments: unknown[] } = { version: null, segments: [] }
  const fetch: FetchFn = async (url, init) => {
    const ifNoneMatch = init?.headers?.['If-None-Match'] ?? null
    if (down) {
      requests.push({ url, ifNoneMatch, status: 0 })
      throw new TypeError('Failed to fetch')
    }
    if (url.endsWith('/v1/segments')) {
      const etag = `"${segments.version}"`
      const status = ifNoneMatch === etag ? 304 : 200
      requests.push({ url, ifNoneMatch, status })
      return new Response(status === 200 ? JSON.stringify(segments) : null, { status, headers: { ETag: etag } })
    }
    const goal = decodeURIComponent(url.split('/v1/models/')[1] ?? '')
    const artifact = served.get(goal)
    if (artifact === undefined) {
      requests.push({ url, ifNoneMatch, status: 404 })
      return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no model' } }), { status: 404 })
    }
    const body = typeof artifact === 'string' ? artifact : JSON.stringify(artifact)
    const etag = `"${typeof artifact === 'string' ? body.length : artifact.hash}"`
    if (ifNoneMatch === etag) {
      requests.push({ url, ifNoneMatch, status: 304 })
      return new Response(null, { status: 304, headers: { ETag: etag } })
    }
    requests.push({ url, ifNoneMatch, status: 200 })
    return new Response(body, { status: 200, headers: { ETag: etag, 'Content-Type': 'application/json' } })
  }
  return {
    fetch,
    requests,
    serve: (goal: string, artifact: ModelArtifact | string) => void served.set(goal, artifact),
    setDown: (value: boolean) => void (down = value),
    /** what `GET /v1/segments` answers (ETag `"<version>"`) */
    serveSegments: (version: string | null, rules: unknown[]) => void (segments = { version, segments: rules }),
  }
}

/** Resolves when `check` returns a truthy value (polled), or rejects after `ms`. */
export async function until<T>(check: () => T | Promise<T>, ms = 4000): Promise<NonNullable<Awaited<T>>> {
  const end = Date.now() + ms
  for (;;) {
    const v = await check()
    if (v) return v as NonNullable<Awaited<T>>
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}
