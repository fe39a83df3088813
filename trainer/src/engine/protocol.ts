/** Messages between the local engine and its worker threads (shard-worker.ts). */
import type { ShardEntry, ShardPart, ShardTask } from '@auspex/shard'
import type { RawShard } from '../shards/raw-shards.ts'
import type { Rendered, RenderSpec } from './render.ts'

/** A shard to run: a stored file (checked against its manifest entry), raw records (transferred) or stored bytes (copied). */
export type ShardInput =
  | { kind: 'file'; path: string; entry: ShardEntry }
  /** records to group and sort here; `store`: gzip the shard too and reply with it as `stored` (the main thread keeps it for later phases) */
  | { kind: 'raw'; name: string; raw: RawShard; store?: boolean }
  | { kind: 'stored'; name: string; bytes: Uint8Array }

export interface WorkRequest {
  id: number
  shard: ShardInput
  task: ShardTask
  /** score tasks: reply with the rendered lines instead of the rows */
  render?: RenderSpec
}

export type WorkReply =
  | { id: number; ok: true; part: ShardPart; stored?: Uint8Array }
  /** score parts travel as JSON text: many small objects clone ~3× slower than they stringify and parse */
  | { id: number; ok: true; json: string }
  | { id: number; ok: true; rendered: Rendered }
  | { id: number; ok: false; error: { name: string; code?: string; message: string } }

/** The buffers of every typed array in `value` (a part), to transfer rather than copy. */
export function transferables(value: unknown, out: ArrayBuffer[] = [], seen = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    const buffer = value.buffer as ArrayBuffer
    // only whole, unshared buffers: a view into a larger buffer (a decoded shard) is copied
    if (!seen.has(buffer) && value.byteOffset === 0 && value.byteLength === buffer.byteLength) { seen.add(buffer); out.push(buffer) }
  } else if (Array.isArray(value)) {
    if (value.length > 0 && typeof value[0] === 'object') for (const v of value) transferables(v, out, seen)
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) transferables(v, out, seen)
  }
  return out
}
