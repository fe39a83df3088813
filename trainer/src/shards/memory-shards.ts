/**
 * The shards of an export read into memory (`train` and `score` on a CSV, Parquet or JSON Lines export), scattered by
 * profile as read (raw-shards.ts). A worker thread gets a shard's records and groups and sorts them itself
 * (`orderShard`). With `keep` (training, which reads every shard in three phases) the worker that first gets it also
 * gzips it and hands it back, and once every shard is stored the raw shards are dropped: collect, the fit and
 * describe then hold ~80 MB of stored shards instead of ~330 MB of records for 10 M events.
 */
import { promisify } from 'node:util'
import { gzip as gzipCb } from 'node:zlib'
import { encodeShard, type ShardTable } from '@auspex/shard'
import { orderShard } from './order-shard.ts'
import type { RawShard, ScatteredShards } from './raw-shards.ts'
import { decodeStored, SHARD_GZIP_LEVEL } from './shard-file.ts'

const gzipAsync = promisify(gzipCb)

/**
 * A shard to hand to a worker: its records, copied now (transfer them; `store`: the store wants the shard gzip'd
 * back, see {@link MemoryShardStore.put}), or stored bytes (copy them).
 */
export type HandedOut = { stored: false; raw: RawShard; store: boolean } | { stored: true; bytes: Uint8Array }

export class MemoryShardStore {
  #raw: ScatteredShards | undefined
  readonly #stored: Array<Uint8Array | undefined>
  readonly #storing: Array<Promise<Uint8Array> | undefined>
  #left: number
  readonly #keep: boolean
  /** events per shard */
  readonly events: number[]

  /**
   * @param keep store each shard as it is first handed out, and drop the raw shards once all are (for commands that
   *   read the shards several times: training's phases); without it every shard is handed out from them each time
   */
  constructor(raw: ScatteredShards, options: { keep: boolean }) {
    this.#keep = options.keep
    this.#raw = raw
    this.#stored = new Array(raw.size)
    this.#storing = new Array(raw.size)
    this.#left = raw.size
    this.events = Array.from({ length: raw.size }, (_, i) => raw.events(i))
  }

  get size(): number {
    return this.events.length
  }

  /** Whether the raw shards are still held (until every shard is stored). */
  get holdsRaw(): boolean {
    return this.#raw !== undefined
  }

  /**
   * Shard `index` for a worker: its stored bytes, or its records. With `keep`, the worker that gets a shard first is
   * asked to gzip it and hand it back ({@link put}): compressing in the worker threads keeps no uncompressed copy
   * here — a copy per shard, queued on libuv's threads, held ~280 MB at once for 10 M events and left the heap that
   * much larger for the rest of training.
   */
  handOut(index: number): HandedOut {
    const stored = this.#stored[index]
    if (stored) return { stored: true, bytes: stored }
    return { stored: false, raw: this.#rawShard(index), store: this.#keep && !this.#storing[index] }
  }

  /** Keeps the gzip'd bytes of shard `index` (from a worker asked by {@link handOut}); the raw shards go once all are kept. */
  put(index: number, gzipped: Uint8Array): void {
    // without keep every read hands out from the raw shards, which stay
    if (!this.#keep || this.#stored[index]) return
    this.#stored[index] = gzipped
    if (--this.#left === 0) {
      this.#raw!.release()
      this.#raw = undefined
    }
  }

  /** Shard `index` gzip'd, as a shard file holds it (what the queues engine uploads). */
  async stored(index: number): Promise<Uint8Array> {
    const stored = this.#stored[index] ?? this.#storing[index]
    if (stored) return stored
    const bytes = encodeShard(orderShard(this.#rawShard(index)))
    return this.#keep ? this.#store(index, bytes) : gzipAsync(bytes, { level: SHARD_GZIP_LEVEL })
  }

  /** Shard `index` decoded, for work in this thread. */
  async table(index: number): Promise<ShardTable> {
    const stored = this.#stored[index]
    if (stored) return decodeStored(stored, `${index} of ${this.size} (in memory)`)
    return orderShard(this.#rawShard(index))
  }

  #rawShard(index: number): RawShard {
    // the raw shards are dropped only once every shard is stored, so a shard not stored is always among them
    return this.#raw!.handOut(index)
  }

  #store(index: number, raw: Uint8Array): Promise<Uint8Array> {
    const storing = gzipAsync(raw, { level: SHARD_GZIP_LEVEL }).then((bytes) => {
      this.#storing[index] = undefined
      this.put(index, bytes)
      return this.#stored[index]!
    }, (error: unknown) => {
      this.#storing[index] = undefined
      throw error
    })
    this.#storing[index] = storing
    return storing
  }
}
