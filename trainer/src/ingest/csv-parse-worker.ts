/**
 * A CSV parse thread (see `csv-pool.ts`): first told the file's layout, then tokenises and encodes the chunks it is
 * sent with its own dictionaries (`csv-encode.ts`), replying with each chunk's arrays transferred.
 */
import { parentPort } from 'node:worker_threads'
import { createChunkEncoder, type EncodedChunk } from './csv-encode.ts'
import { chunkBuffers, type CsvJob, type CsvJobReply } from './csv-pool.ts'

const port = parentPort
if (!port) throw new Error('csv-parse-worker.ts runs in a worker thread (see csv-pool.ts)')
let encode: ((bytes: Uint8Array) => EncodedChunk) | undefined
port.on('message', (job: CsvJob) => {
  if ('layout' in job) {
    encode = createChunkEncoder(job.layout)
    return
  }
  let reply: CsvJobReply
  let transfer: ArrayBuffer[] = []
  try {
    const chunk = encode!(job.bytes)
    reply = { seq: job.seq, chunk }
    transfer = chunkBuffers(chunk)
  } catch (error) {
    reply = { seq: job.seq, error: (error as Error).message ?? String(error) }
  }
  port.postMessage(reply, transfer)
})
