// Demo service worker: network first, the cache as fallback, so a reload works offline. It never caches
// the edge's /v1 routes: offline scores must come from the SDK's own IndexedDB cache.
const CACHE = 'auspex-demo-v1'
self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()))
// The first visit loads the page before this worker controls it, so none of its requests pass through the fetch
// handler below: the page sends the URLs it loaded, and they are cached now, so that a reload after ONE visit
// works offline (not only after a second online load).
self.addEventListener('message', (event) => {
  const data = event.data
  if (!data || data.type !== 'cache-urls' || !Array.isArray(data.urls)) return
  const urls = data.urls.filter((u) => {
    try {
      const url = new URL(u, self.location.origin)
      return url.origin === self.location.origin && !url.pathname.startsWith('/v1/')
    } catch {
      return false
    }
  })
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(urls.map((u) => cache.add(u).catch(() => undefined)))))
})
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url)
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/v1/')) return
  event.respondWith(
    fetch(event.request)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone()
          event.waitUntil(caches.open(CACHE).then((c) => c.put(event.request, copy)))
        }
        return res
      })
      .catch(() => caches.match(event.request, { ignoreVary: true }).then((hit) => hit ?? Response.error())),
  )
})
