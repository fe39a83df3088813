/** HTTP caching policy of the edge (see README "Caching and rollback"). */

/** The active model / active segments: browsers and proxies reuse it 30 s, then revalidate with the ETag. */
export const ACTIVE_CACHE_CONTROL = 'public, max-age=30, must-revalidate'
/** A version URL never changes. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable'
/** Lists and pointers that must reflect writes at once. */
export const NO_STORE = 'no-store'

/** A strong ETag for an opaque value (an artifact hash or a segment version). */
export function strongEtag(value: string): string {
  return `"${value}"`
}

/** True when `If-None-Match` (a list, `*`, weak or strong tags) matches `etag`. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim()
    return t === '*' || t === etag || t === `W/${etag}`
  })
}

/** 304 Not Modified carrying the ETag and cache policy. */
export function notModified(etag: string, cacheControl: string, extra: Record<string, string> = {}): Response {
  return new Response(null, { status: 304, headers: { etag, 'cache-control': cacheControl, ...extra } })
}
