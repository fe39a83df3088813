import { loadModel, type Model } from '@auspex/core'
import type { ModelRecord } from './db.ts'
import { SdkError } from './errors.ts'
import { fetchModel, type FetchFn } from './model-fetch.ts'
import { createRetry, type Retry } from './retry.ts'

export interface ModelSync {
  /** Revalidates every goal now (goals waiting for a retry keep waiting unless `force`). Never rejects. */
  revalidateAll(force?: boolean): Promise<void>
  /** Revalidates now and then every `every` ms. */
  start(): void
  stop(): void
}

/**
 * Keeps the edge's models fresh: `If-None-Match` revalidation on start and every `every` ms; a new artifact is
 * verified (core `loadModel`: schema + content hash) before `onModel`; failures are reported and retried with
 * backoff (1 s, 2 s, 4 s … capped at `every`). Never blocks and never rejects.
 */
export function createModelSync(o: {
  fetch: FetchFn
  endpoint: string
  goals: () => string[]
  every: number
  /** the cached record of a goal (its ETag) and the hash of the model in use */
  current: (goal: string) => { record: ModelRecord | undefined; hash: string | undefined }
  onModel: (model: Model, record: ModelRecord) => Promise<void>
  onSameModel: (record: ModelRecord) => Promise<void>
  report: (error: unknown) => void
  now: () => number
}): ModelSync {
  /** each goal's failures and pending retry (see `retry.ts`) */
  const retries = new Map<string, Retry>()
  const retryOf = (goal: string): Retry => {
    let retry = retries.get(goal)
    if (!retry) retries.set(goal, (retry = createRetry(o.every)))
    return retry
  }
  let interval: ReturnType<typeof setInterval> | undefined
  let stopped = false

  const revalidate = async (goal: string): Promise<void> => {
    if (stopped) return
    const retry = retryOf(goal)
    // A forced revalidation replaces a pending retry: a goal never has two retry loops.
    retry.cancel()
    const { record: cached, hash } = o.current(goal)
    try {
      const result = await fetchModel(o.fetch, o.endpoint, goal, cached?.etag ?? null)
      retry.succeed()
      if (result.status === 'not-modified' || stopped) return
      const model = loadModel(result.json)
      if (model.goal.name !== goal) throw new SdkError('MODEL_INVALID', `the edge returned a model for goal "${model.goal.name}" at /v1/models/${goal}`)
      const record: ModelRecord = { goal, etag: result.etag ?? `"${model.hash}"`, artifact: result.json, fetchedAt: o.now() }
      await (hash === model.hash ? o.onSameModel(record) : o.onModel(model, record))
    } catch (error) {
      if (stopped) return
      o.report(error)
      retry.fail(() => void revalidate(goal))
    }
  }
  const revalidateAll = async (force = false) => {
    if (force) for (const retry of retries.values()) retry.succeed()
    await Promise.all(o.goals().filter((g) => (retries.get(g)?.failures ?? 0) === 0).map(revalidate))
  }
  return {
    revalidateAll,
    start() {
      void revalidateAll()
      interval = setInterval(() => void revalidateAll(), o.every)
    },
    stop() {
      stopped = true
      clearInterval(interval)
      for (const retry of retries.values()) retry.cancel()
    },
  }
}
