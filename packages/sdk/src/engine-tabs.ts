import type { EngineRuntime } from './engine-runtime.ts'
import type { EngineScores } from './engine-scores.ts'
import type { Store } from './store.ts'
import { createTabChannel, type TabChannel, type TabMessage } from './tab-channel.ts'

/** The engine's side of the tab channel: its messages out, the other tabs' messages in. */
export interface EngineTabs {
  /** Follows the store in use: a channel for IndexedDB (the tabs share it), none for memory (each tab on its own). */
  connect(store: Store): void
  /** Tells the other tabs (no-op without a channel). */
  post(message: TabMessage): void
  close(): void
}

/**
 * Routes the other tabs' messages ({@link TabMessage}) into the engine, queued with its own tasks: an event is
 * applied, a bulk load re-reads the states, a cached model or cached segments are loaded, `forget` resets; then
 * every goal is re-scored.
 */
export function createEngineTabs(
  rt: EngineRuntime,
  o: {
    scores: EngineScores
    /** another tab cached a new model for `goal` */
    onModel: (goal: string) => Promise<void>
    /** another tab cached new segments */
    onSegments: () => Promise<void>
    /** another tab called `forget()`: reset to its new profile (this re-scores) */
    onForget: (profileId: string) => void
  },
): EngineTabs {
  let channel: TabChannel | null = null

  const onTab = (message: TabMessage) => rt.serial(async () => {
    if (message.t === 'event') {
      o.scores.apply([message.event])
    } else if (message.t === 'reload') {
      await o.scores.reload(message.types)
    } else if (message.t === 'model') {
      await o.onModel(message.goal)
    } else if (message.t === 'segments') {
      await o.onSegments()
    } else if (message.t === 'forget') {
      return o.onForget(message.profileId)
    }
    o.scores.emit(rt.now())
  }, undefined)

  return {
    connect(store) {
      channel?.close()
      channel = store.kind === 'indexeddb' ? createTabChannel(`auspex:${rt.opts.namespace}`, (m) => void onTab(m)) : null
    },
    post: (message) => channel?.post(message),
    close: () => channel?.close(),
  }
}
