/**
 * The local engine: `workers` worker threads, each running the shard worker on one shard at a time. Shards are
 * dispatched as threads free up, so a task chosen per shard (`refineTask`) sees the parts received so far.
 */
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { ScoreTask, ShardPart, ShardTask } from '@auspex/shard'
import { CodedError } from '../coded-error.ts'
import { startThread } from '../threads/thread-exec-argv.ts'
import { shardTotal, type Engine, type ShardResult, type ShardSet, type TaskFor } from './engine.ts'
import type { ShardInput, WorkReply, WorkRequest } from './protocol.ts'
import type { Rendered, RenderSpec } from './render.ts'

/** A failure inside a worker thread, with the code it had there (SHARD_CORRUPT, INVALID_MODEL, …). */
export class WorkerError extends CodedError<string> {
  override readonly name = 'WorkerError'
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url)

function inputOf(shards: ShardSet, index: number): { input: ShardInput; transfer: ArrayBuffer[] } {
  if (shards.kind === 'folder') {
    const entry = shards.manifest.shards[index]!
    return { input: { kind: 'file', path: join(shards.dir, entry.file), entry }, transfer: [] }
  }
  const shard = shards.store.handOut(index)
  const name = `${index} of ${shards.events.length} (in memory)`
  // stored bytes serve every phase: copied; records copied now are the worker's: transferred (and gzip'd back when asked)
  if (shard.stored) return { input: { kind: 'stored', name, bytes: shard.bytes }, transfer: [] }
  return { input: { kind: 'raw', name, raw: shard.raw, ...(shard.store ? { store: true } : {}) }, transfer: [shard.raw.records.buffer as ArrayBuffer] }
}

type Ok = Extract<WorkReply, { ok: true }>

/** Starts `workers` threads (at least 1); they stay up until {@link Engine.close}. */
export function createLocalEngine(workers: number): LocalEngine {
  const threads: Worker[] = []
  const size = Math.max(1, Math.floor(workers))
  const thread = (i: number) => (threads[i] ??= startThread(ENTRY))
  let nextId = 0

  /** Every shard through the threads, a thread taking the next shard once the caller has seen its last reply. */
  async function* dispatchAll(shards: ShardSet, taskOf: (index: number) => ShardTask, render?: RenderSpec, only?: readonly number[]): AsyncIterable<{ index: number; reply: Ok }> {
    const order = only ?? Array.from({ length: shardTotal(shards) }, (_, i) => i)
    const total = order.length
    const ready: Array<{ index: number; reply: Ok; worker: Worker }> = []
    let failure: Error | undefined
    let wake: (() => void) | undefined
    let next = 0
    const dispatch = (worker: Worker) => {
      if (next >= total || failure) return
      const index = order[next++]!
      const id = nextId++
      const { input, transfer } = inputOf(shards, index)
      const onMessage = (reply: WorkReply) => {
        if (reply.id !== id) return
        worker.off('message', onMessage)
        worker.off('error', onError)
        if (reply.ok && 'stored' in reply && reply.stored && shards.kind === 'memory') shards.store.put(index, reply.stored)
        if (reply.ok) ready.push({ index, reply, worker })
        else failure ??= new WorkerError(reply.error.code ?? 'INTERNAL', reply.error.message)
        wake?.()
      }
      const onError = (error: Error) => {
        worker.off('message', onMessage)
        threads.splice(threads.indexOf(worker), 1)
        failure ??= error
        wake?.()
      }
      worker.on('message', onMessage)
      worker.once('error', onError)
      worker.postMessage({ id, shard: input, task: taskOf(index), ...(render ? { render } : {}) } satisfies WorkRequest, transfer)
    }
    for (let i = 0; i < Math.min(size, total); i++) dispatch(thread(i))
    for (let done = 0; done < total;) {
      if (failure) throw failure
      if (ready.length === 0) {
        await new Promise<void>((resolve) => { wake = resolve })
        wake = undefined
        continue
      }
      const { index, reply, worker } = ready.shift()!
      done++
      // the thread that finished takes the next shard once the caller has seen this reply (refineTask reads it)
      yield { index, reply }
      dispatch(worker)
    }
  }

  return {
    name: 'local',
    async *run<T extends ShardTask>(shards: ShardSet, task: TaskFor<T>, only?: readonly number[]): AsyncIterable<ShardResult<T>> {
      const taskOf = (i: number): T => (typeof task === 'function' ? task(i) : task)
      for await (const { index, reply } of dispatchAll(shards, taskOf, undefined, only)) {
        const part = 'json' in reply ? (JSON.parse(reply.json) as ShardPart) : 'part' in reply ? reply.part : undefined
        if (!part) throw new WorkerError('INTERNAL', `shard ${index}: a rendered reply to a task that asked for parts`)
        yield { index, part: part as ShardResult<T>['part'] }
      }
    },
    async *renderScores(shards: ShardSet, task: ScoreTask, render: RenderSpec): AsyncIterable<{ index: number; rendered: Rendered }> {
      for await (const { index, reply } of dispatchAll(shards, () => task, render)) {
        if (!('rendered' in reply)) throw new WorkerError('INTERNAL', `shard ${index}: the worker did not render its scores`)
        yield { index, rendered: reply.rendered }
      }
    },
    async close() {
      await Promise.all(threads.map((t) => t.terminate()))
      threads.length = 0
    },
  }
}

/** The local engine, which can also render score files in its threads. */
export interface LocalEngine extends Engine {
  readonly name: 'local'
  /** Scores every shard and renders its rows to the score file's lines in the worker threads (parts in any order). */
  renderScores(shards: ShardSet, task: ScoreTask, render: RenderSpec): AsyncIterable<{ index: number; rendered: Rendered }>
}
