/**
 * Where the CSV fast path tokenises and encodes its chunks (`csv-encode.ts`): in parse threads — chunks go out in
 * turn and come back in the order they were sent, with the thread that encoded each — or in this thread.
 */
import { startThread } from '../threads/thread-exec-argv.ts'
import { ThreadError } from '../threads/thread-error.ts'
import type { CsvLayout } from './csv-chunk.ts'
import { createChunkEncoder, type EncodedChunk } from './csv-encode.ts'

export type CsvJob = { layout: CsvLayout } | { seq: number; bytes: Uint8Array }

export type CsvJobReply = { seq: number; chunk: EncodedChunk } | { seq: number; error: string }

const ENTRY = new URL('./csv-parse-entry.mjs', import.meta.url)

/** An encoded chunk and the encoder (thread) whose codes it holds. */
export interface ParsedChunk {
  encoder: number
  chunk: EncodedChunk
}

export interface CsvParser {
  /** encoders (threads) whose codes chunks may hold: 0 … encoders − 1 */
  readonly encoders: number
  /** Sends a chunk of whole lines; its buffer is transferred (the caller must not touch it again). */
  submit(bytes: Uint8Array): void
  /** Chunks sent and not yet taken. */
  readonly outstanding: number
  /** The next chunk in order if it is encoded, without waiting. */
  ready(): ParsedChunk | undefined
  /** The next chunk in order (there must be one outstanding). */
  next(): Promise<ParsedChunk>
  close(): Promise<void>
}

/** A parser in this thread (`--workers 1`: no other thread). */
export function createInlineParser(layout: CsvLayout): CsvParser {
  const encode = createChunkEncoder(layout)
  const queue: ParsedChunk[] = []
  return {
    encoders: 1,
    submit(bytes) { queue.push({ encoder: 0, chunk: encode(bytes) }) },
    get outstanding() { return queue.length },
    ready: () => queue.shift(),
    next: async () => queue.shift()!,
    async close() { queue.length = 0 },
  }
}

/** The arrays of an encoded chunk, to transfer. */
export function chunkBuffers(chunk: EncodedChunk): ArrayBuffer[] {
  return [chunk.status.buffer, chunk.codes.buffer, chunk.numbers.buffer, chunk.newProfileKeys.buffer] as ArrayBuffer[]
}

/** A parser over `threads` worker threads; chunk `k` goes to thread `k mod threads`. */
export function createThreadParser(threads: number, layout: CsvLayout): CsvParser {
  const workers = Array.from({ length: threads }, () => startThread(ENTRY))
  const done = new Map<number, EncodedChunk>()
  let sent = 0
  let taken = 0
  let failure: Error | undefined
  let closing = false
  let wake: (() => void) | undefined
  const settle = (): void => {
    const w = wake
    wake = undefined
    w?.()
  }
  for (const worker of workers) {
    worker.postMessage({ layout } satisfies CsvJob)
    worker.on('message', (reply: CsvJobReply) => {
      if ('error' in reply) failure ??= new Error(`a CSV parse thread failed: ${reply.error}`)
      else done.set(reply.seq, reply.chunk)
      settle()
    })
    worker.on('error', (error) => {
      failure ??= new ThreadError('THREAD_FAILED', `a CSV parse thread failed: ${error.message}`, { cause: error })
      settle()
    })
    // a thread that ends on its own (killed, out of memory) would leave its chunks unanswered
    worker.on('exit', (code) => {
      if (closing) return
      failure ??= new ThreadError('THREAD_FAILED', `a CSV parse thread stopped (exit code ${code}): out of memory or killed`)
      settle()
    })
  }
  const take = (): ParsedChunk | undefined => {
    const chunk = done.get(taken)
    if (!chunk) return undefined
    done.delete(taken)
    return { encoder: taken++ % threads, chunk }
  }
  return {
    encoders: threads,
    submit(bytes) {
      const seq = sent++
      workers[seq % threads]!.postMessage({ seq, bytes } satisfies CsvJob, [bytes.buffer as ArrayBuffer])
    },
    get outstanding() { return sent - taken },
    ready() {
      if (failure) throw failure
      return take()
    },
    async next() {
      for (;;) {
        if (failure) throw failure
        const chunk = take()
        if (chunk) return chunk
        await new Promise<void>((resolve) => { wake = resolve })
      }
    },
    async close() {
      closing = true
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}
