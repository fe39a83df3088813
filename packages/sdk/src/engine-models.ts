import { loadModel, type Model } from '@auspex/core'
import type { ModelRecord } from './db.ts'
import type { EngineRuntime } from './engine-runtime.ts'
import type { EngineScores } from './engine-scores.ts'
import { toErrorInfo } from './errors.ts'
import type { FetchFn } from './model-fetch.ts'
import { createModelSync, type ModelSync } from './model-sync.ts'
import type { Store } from './store.ts'

/**
 * Where the engine's models come from: the host's artifacts, the model cache (re-verified on every load), the
 * edge (revalidated by {@link createModelSync}) and other tabs' cache writes. Keeps each goal's cached record (its ETag).
 */
export function createEngineModels(
  rt: EngineRuntime,
  scores: EngineScores,
  o: {
    fetch: FetchFn
    /** a model from the edge was cached and is in use (other tabs are told; the states are written) */
    onCached: (goal: string) => void
  },
) {
  const records = new Map<string, ModelRecord>()
  let sync: ModelSync | null = null

  const install = async (model: Model, record: ModelRecord | null) => {
    if (record) records.set(model.goal.name, record)
    await scores.install(model)
  }

  return {
    /** Installs the host's artifacts, then each other goal's cached model (a corrupt entry is deleted: `CACHE_CORRUPT`). */
    async load() {
      for (const artifact of rt.opts.models ?? []) {
        try {
          await install(loadModel(artifact), null)
        } catch (error) {
          rt.report(error, 'MODEL_INVALID')
        }
      }
      for (const goal of rt.opts.goals) {
        if (scores.model(goal)) continue
        const record = await rt.store.getModel(goal).catch(() => undefined)
        if (!record) continue
        try {
          await install(loadModel(record.artifact), record)
        } catch (error) {
          await rt.store.deleteModel(goal).catch(() => {})
          rt.report({ code: 'CACHE_CORRUPT', message: `cached model for "${goal}" discarded (${toErrorInfo(error).message}); refetching` })
        }
      }
    },

    /** Another tab cached a new model for `goal`: swaps it in unless it is the one in use. */
    async reload(goal: string) {
      const record = await rt.store.getModel(goal)
      const model = record ? loadModel(record.artifact) : null
      if (model && record && scores.model(goal)?.hash !== model.hash) await install(model, record)
    },

    /** Revalidates the models of the goals the host gave no artifact for, now and every `revalidateEvery`. */
    start(endpoint: string) {
      sync = createModelSync({
        fetch: o.fetch,
        endpoint,
        goals: () => rt.opts.goals.filter((g) => !rt.opts.models?.some((m) => m?.goal?.name === g)),
        every: rt.opts.revalidateEvery,
        current: (goal) => ({ record: records.get(goal), hash: scores.model(goal)?.hash }),
        onModel: (model, record) => rt.serial(async () => {
          await rt.store.putModel(record)
          await install(model, record)
          o.onCached(record.goal)
        }, undefined),
        async onSameModel(record) {
          records.set(record.goal, record)
          await rt.store.putModel(record)
        },
        report: (error) => rt.report(error, 'MODEL_INVALID'),
        now: rt.now,
      })
      sync.start()
    },

    /** Revalidates every goal now, even those waiting for a retry (nothing before `start`). Never rejects. */
    refresh: () => sync?.revalidateAll(true),

    /** Writes the cached records to a new store (consent given). */
    async copyTo(store: Store) {
      for (const record of records.values()) await store.putModel(record)
    },

    stop: () => sync?.stop(),
  }
}
