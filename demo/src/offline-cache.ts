/**
 * The demo's offline promise: after ONE online visit, a reload works offline. The first visit loads the page
 * before the service worker (public/sw.js) controls it, so the page waits briefly for the worker to take control
 * (then the SDK's worker and every later request pass through it and are cached), and hands it the URLs it had
 * already loaded, which it caches too.
 */

/** Registers the service worker and waits (at most `waitMs`) until it controls this page. */
export async function registerServiceWorker(waitMs = 3000): Promise<void> {
  if (!('serviceWorker' in navigator)) return
  const registration = await navigator.serviceWorker.register('/sw.js').catch(() => undefined)
  if (!registration || navigator.serviceWorker.controller) return
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, waitMs)
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      clearTimeout(timer)
      resolve()
    }, { once: true })
  })
}

/** Asks the service worker to cache this page and every resource it has loaded so far. */
export async function cacheLoadedPage(): Promise<void> {
  if (!('serviceWorker' in navigator)) return
  const registration = await navigator.serviceWorker.ready
  const urls = [location.pathname + location.search, ...performance.getEntriesByType('resource').map((e) => e.name)]
  registration.active?.postMessage({ type: 'cache-urls', urls })
}
