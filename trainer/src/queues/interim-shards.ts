/**
 * Writes an export's profiles into shards for the queues engine, in the edge's interim shard format
 * (edge/src/jobs/shard-runner.ts): gzip JSON Lines `{ seq, profileId, events }`, `seq` being the profile's position in
 * the source's order, so results can be put back in exactly the order of a local run. Profiles go round-robin by
 * `seq`: each shard holds whole profiles, in order. Replaced by `@auspex/shard`'s shard files when that lands.
 */
import { createGzip, type Gzip } from 'node:zlib'
import { once } from 'node:events'
import type { EventSource } from '../types.ts'

/** Events per shard the CLI aims at: far below the edge's cap (250 k events, 16 MiB) and a Worker's 128 MB. */
export const EVENTS_PER_SHARD = 100_000

export interface BuiltShards {
  shards: Array<Uint8Array<ArrayBuffer>>
  profiles: number
  events: number
}

/** The default number of shards for an export of `events` events. */
export function defaultShardCount(events: number): number {
  return Math.max(1, Math.ceil(events / EVENTS_PER_SHARD))
}

function collect(gzip: Gzip): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = []
  gzip.on('data', (c: Buffer) => chunks.push(c))
  return once(gzip, 'end').then(() => new Uint8Array(Buffer.concat(chunks)))
}

/** Splits the source's profiles (events before `before` only) into `count` gzip shards, held in memory (compressed). */
export async function buildShards(source: EventSource, before: number, count: number, onProfile?: (n: number) => void): Promise<BuiltShards> {
  const zips = Array.from({ length: count }, () => createGzip())
  const done = zips.map(collect)
  let seq = 0
  let events = 0
  for await (const p of source.profiles({ before })) {
    const zip = zips[seq % count]!
    if (!zip.write(JSON.stringify({ seq, profileId: p.profileId, events: p.events }) + '\n')) await once(zip, 'drain')
    events += p.events.length
    onProfile?.(++seq)
  }
  for (const zip of zips) zip.end()
  return { shards: await Promise.all(done), profiles: seq, events }
}
