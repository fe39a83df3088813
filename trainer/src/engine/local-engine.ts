/**
 * The local engine: `workers` worker threads, each running the shard worker on one shard at a time. Shards are
 * dispatched as threads free up, so a task chosen per shard (`refineTask`) sees the parts received so far.
 */
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { ShardPart, ShardTask } from '@auspex/shard'
import { CodedError } from '../coded-error.ts'
import { shardTotal, type Engine, type ShardResult, type ShardSet, type TaskFor } from './engine.ts'
import type { ShardInput, WorkReply, WorkRequest } from './protocol.ts'

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
  const bytes = shards.encode(index)
  return { input: { kind: 'bytes', name: `shard ${index} of ${shards.events.length} (in memory)`, bytes }, transfer: [bytes.buffer as ArrayBuffer] }
}

/** Starts `workers` threads (at least 1); they stay up until {@link Engine.close}. */
export function createLocalEngine(workers: number): Engine {
  const threads: Worker[] = []
  const size = Math.max(1, Math.floor(workers))
  const thread = (i: number) => (threads[i] ??= new Worker(ENTRY))
  let nextId = 0
  return {
    name: 'local',
    async *run<T extends ShardTask>(shards: ShardSet, task: TaskFor<T>): AsyncIterable<ShardResult<T>> {
      const total = shardTotal(shards)
      const taskOf = (i: number): T => (typeof task === 'function' ? task(i) : task)
      const ready: Array<{ result: ShardResult<T>; worker: Worker }> = []
      let failure: Error | undefined
      let wake: (() => void) | undefined
      let next = 0
      const dispatch = (worker: Worker) => {
        if (next >= total || failure) return
        const index = next++
        const id = nextId++
        const { input, transfer } = inputOf(shards, index)
        const onMessage = (reply: WorkReply) => {
          if (reply.id !== id) return
          worker.off('message', onMessage)
          worker.off('error', onError)
          if (reply.ok) {
            const part = 'json' in reply ? JSON.parse(reply.json) as ShardPart : reply.part
            ready.push({ result: { index, part: part as ShardResult<T>['part'] }, worker })
          }
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
        worker.postMessage({ id, shard: input, task: taskOf(index) } satisfies WorkRequest, transfer)
      }
      for (let i = 0; i < Math.min(size, total); i++) dispatch(thread(i))
      for (let done = 0; done < total;) {
        if (failure) throw failure
        if (ready.length === 0) {
          await new Promise<void>((resolve) => { wake = resolve })
          wake = undefined
          continue
        }
        const { result, worker } = ready.shift()!
        done++
        // the thread that finished takes the next shard once the caller has seen this part (refineTask reads it)
        yield result
        dispatch(worker)
      }
    },
    async close() {
      await Promise.all(threads.map((t) => t.terminate()))
      threads.length = 0
    },
  }
}
