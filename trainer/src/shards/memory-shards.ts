/**
 * The shards of an export read into memory (`train` and `score` on a CSV, Parquet or JSON Lines export). A shard is cut
 * from the sorted event table when it is asked for — the bytes handed over to be transferred. With `keep` (training,
 * which reads every shard in three phases) the worker that gets it gzips it and hands it back, and once every shard
 * is stored the table is dropped: collect, the fit and describe then hold ~80 MB of stored shards instead of ~330 MB of
 * table for 10 M events.
 */
import { promisify } from 'node:util'
import { gzip as gzipCb } from 'node:zlib'
import { encodeShard, type ShardTable } from '@auspex/shard'
import type { EventTable } from '../ingest/sort-events.ts'
import { cutShard, eventsOf } from './cut-shards.ts'
import { decodeStored, SHARD_GZIP_LEVEL } from './shard-file.ts'

const gzipAsync = promisify(gzipCb)

/**
 * A shard to hand to a worker: uncompressed bytes cut now (transfer them; `store`: the store wants them gzip'd back,
 * see {@link MemoryShardStore.put}), or stored bytes (copy them).
 */
export type ShardBytes = { stored: false; bytes: Uint8Array; store: boolean } | { stored: true; bytes: Uint8Array }

export class MemoryShardStore {
  #table: EventTable | undefined
  readonly #members: readonly Int32Array[]
  readonly #stored: Array<Uint8Array | undefined>
  readonly #storing: Array<Promise<Uint8Array> | undefined>
  #left: number
  readonly #keep: boolean
  /** events per shard */
  readonly events: number[]

  /**
   * @param keep store each shard as it is first cut, and drop the table once all are (for commands that read the
   *   shards several times: training's phases); without it every shard is cut from the table each time
   */
  constructor(table: EventTable, members: readonly Int32Array[], options: { keep: boolean }) {
    this.#keep = options.keep
    this.#table = table
    this.#members = members
    this.#stored = new Array(members.length)
    this.#storing = new Array(members.length)
    this.#left = members.length
    this.events = members.map((m) => eventsOf(table, m))
  }

  get size(): number {
    return this.#members.length
  }

  /** Whether the event table is still held (until every shard is stored). */
  get holdsTable(): boolean {
    return this.#table !== undefined
  }

  /**
   * Shard `index` for a worker: its stored bytes, or cut now. With `keep`, the worker that gets a shard first is asked
   * to gzip it and hand it back ({@link put}): compressing in the worker threads (which wait on this thread's cutting
   * meanwhile) keeps no copy of the uncompressed bytes here — a copy per shard, queued on libuv's threads, held
   * ~280 MB at once for 10 M events and left the heap that much larger for the rest of training.
   */
  bytes(index: number): ShardBytes {
    const stored = this.#stored[index]
    if (stored) return { stored: true, bytes: stored }
    return { stored: false, bytes: this.#cut(index), store: this.#keep && !this.#storing[index] }
  }

  /** Keeps the gzip'd bytes of shard `index` (from a worker asked by {@link bytes}); the table goes once all are kept. */
  put(index: number, gzipped: Uint8Array): void {
    // without keep every read cuts from the table, which stays
    if (!this.#keep || this.#stored[index]) return
    this.#stored[index] = gzipped
    if (--this.#left === 0) this.#table = undefined
  }

  /** Shard `index` gzip'd, as a shard file holds it (what the queues engine uploads). */
  async stored(index: number): Promise<Uint8Array> {
    const stored = this.#stored[index] ?? this.#storing[index]
    if (stored) return stored
    return this.#keep ? this.#store(index, this.#cut(index)) : gzipAsync(this.#cut(index), { level: SHARD_GZIP_LEVEL })
  }

  /** Shard `index` decoded, for work in this thread. */
  async table(index: number): Promise<ShardTable> {
    const stored = this.#stored[index]
    if (stored) return decodeStored(stored, `${index} of ${this.size} (in memory)`)
    const table = this.#table!
    return cutShard(table, this.#members[index]!)
  }

  #cut(index: number): Uint8Array {
    // the table is dropped only once every shard is stored, so a shard not stored is always cut from it
    return encodeShard(cutShard(this.#table!, this.#members[index]!))
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
