/**
 * A local engine's worker thread: reads a shard (a checked file, stored bytes, or raw records from the main thread,
 * grouped and sorted here), runs the shard worker's task on it and replies with the part, its typed arrays transferred.
 */
import { parentPort } from 'node:worker_threads'
import { gzipSync } from 'node:zlib'
import { encodeShard, forEachScoreRow, runTask, tableProfiles, type ShardTable } from '@auspex/shard'
import { orderShard } from '../shards/order-shard.ts'
import { decodeStored, readShardFile, SHARD_GZIP_LEVEL } from '../shards/shard-file.ts'
import { createRenderer } from './render.ts'
import { transferables, type ShardInput, type WorkReply, type WorkRequest } from './protocol.ts'

async function load(shard: ShardInput): Promise<ShardTable> {
  if (shard.kind === 'file') return readShardFile(shard.path, shard.entry)
  return shard.kind === 'stored' ? decodeStored(shard.bytes, shard.name) : orderShard(shard.raw)
}

const port = parentPort
if (!port) throw new Error('shard-worker.ts runs in a worker thread (see local-engine.ts)')
port.on('message', (request: WorkRequest) => {
  void (async () => {
    let reply: WorkReply
    try {
      const { shard } = request
      const table = await load(shard)
      // gzip'd here, in this thread, for the main thread to keep (it asked: the shard's first phase)
      const stored = shard.kind === 'raw' && shard.store ? gzipSync(encodeShard(table), { level: SHARD_GZIP_LEVEL }) : undefined
      const profiles = tableProfiles(table)
      if (request.task.kind === 'score' && request.render) {
        // each row rendered as it is scored: its prediction and factors die young
        const renderer = createRenderer(request.render)
        await forEachScoreRow(profiles, request.task, renderer.add)
        reply = { id: request.id, ok: true, rendered: renderer.finish() }
      } else {
        const part = await runTask(profiles, request.task)
        if (part.kind === 'score') reply = { id: request.id, ok: true, json: JSON.stringify(part) }
        else reply = { id: request.id, ok: true, part, ...(stored ? { stored } : {}) }
      }
    } catch (error) {
      const e = error as { name?: string; code?: string; message?: string }
      reply = { id: request.id, ok: false, error: { name: e.name ?? 'Error', ...(e.code ? { code: e.code } : {}), message: e.message ?? String(error) } }
    }
    const transfer = reply.ok && 'part' in reply ? transferables(reply) : reply.ok && 'rendered' in reply ? transferables(reply.rendered.bytes) : []
    port.postMessage(reply, transfer)
  })()
})
