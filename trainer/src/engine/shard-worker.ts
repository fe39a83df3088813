/**
 * A local engine's worker thread: reads a shard (a checked file, or bytes from the main thread), runs the shard
 * worker's task on it and replies with the part, its typed arrays transferred.
 */
import { parentPort } from 'node:worker_threads'
import { decodeShard, runTask, tableProfiles, type ShardTable } from '@auspex/shard'
import { decodeStored, readShardFile } from '../shards/shard-file.ts'
import { renderRows } from './render.ts'
import { transferables, type ShardInput, type WorkReply, type WorkRequest } from './protocol.ts'

async function load(shard: ShardInput): Promise<ShardTable> {
  if (shard.kind === 'file') return readShardFile(shard.path, shard.entry)
  return shard.kind === 'stored' ? decodeStored(shard.bytes, shard.name) : decodeShard(shard.bytes, shard.name)
}

const port = parentPort
if (!port) throw new Error('shard-worker.ts runs in a worker thread (see local-engine.ts)')
port.on('message', (request: WorkRequest) => {
  void (async () => {
    let reply: WorkReply
    try {
      const part = await runTask(tableProfiles(await load(request.shard)), request.task)
      if (part.kind === 'score' && request.render) reply = { id: request.id, ok: true, rendered: renderRows(part.rows, request.render) }
      else reply = part.kind === 'score' ? { id: request.id, ok: true, json: JSON.stringify(part) } : { id: request.id, ok: true, part }
    } catch (error) {
      const e = error as { name?: string; code?: string; message?: string }
      reply = { id: request.id, ok: false, error: { name: e.name ?? 'Error', ...(e.code ? { code: e.code } : {}), message: e.message ?? String(error) } }
    }
    port.postMessage(reply, reply.ok && 'part' in reply ? transferables(reply.part) : reply.ok && 'rendered' in reply ? transferables(reply.rendered.bytes) : [])
  })()
})
