import type { AuspexEvent } from '@auspex/core'

/**
 * Messages between tabs of one origin. IndexedDB is the source of truth; the channel only tells other tabs
 * what changed so they stay live without re-reading: a tracked event (applied in O(1)), a bulk load (re-read
 * states; `types`: the canonical types loaded, the cause of the next score), a new model or new segments in the cache (load them), or `forget()` (reset).
 */
export type TabMessage =
  | { t: 'event'; event: AuspexEvent }
  | { t: 'reload'; types?: string[] }
  | { t: 'model'; goal: string }
  | { t: 'forget'; profileId: string }
  | { t: 'segments' }

export interface TabChannel {
  post(message: TabMessage): void
  close(): void
}

/** A BroadcastChannel, or a no-op where there is none (each tab then only sees its own events until reload). */
export function createTabChannel(name: string, onMessage: (message: TabMessage) => void): TabChannel | null {
  if (typeof BroadcastChannel === 'undefined') return null
  const channel = new BroadcastChannel(name)
  channel.onmessage = (e: MessageEvent) => {
    const m = e.data as TabMessage | null
    if (m && typeof m === 'object' && typeof m.t === 'string') onMessage(m)
  }
  return {
    post(message) {
      try {
        channel.postMessage(message)
      } catch {}
    },
    close: () => channel.close(),
  }
}
