/**
 * Cuts an export into `@auspex/shard` shards for the queues engine: each profile goes to shard `shardOf(id, n)` (a
 * stable hash, so the same export and n give the same shards), whole and in id order, and each shard is gzip'd in
 * memory for upload. The edge's consumers decode exactly these bytes with the same package.
 */
import { encodeShard, gzip, shardOf, ShardBuilder } from '@auspex/shard'
import type { EventSource, ProgressFn } from '../types.ts'

/**
 * Events per shard the CLI aims at: one shard is one consumer invocation, and 100 k events keep it far inside a
 * Worker's 128 MB and a few seconds of CPU (README "Which engine" has the measurement).
 */
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

/** Splits the source's profiles (only events before `before`, when given) into `count` gzip'd shards. */
export async function buildShards(source: EventSource, before: number | undefined, count: number, onProgress?: ProgressFn): Promise<BuiltShards> {
  const builders = Array.from({ length: count }, () => new ShardBuilder())
  let profiles = 0
  let events = 0
  for await (const p of source.profiles(before === undefined ? {} : { before })) {
    builders[shardOf(p.profileId, count)]!.add(p.profileId, p.events)
    events += p.events.length
    if (++profiles % 10_000 === 0) onProgress?.({ step: 'sharded', done: profiles, unit: 'profiles' })
  }
  const shards: Array<Uint8Array<ArrayBuffer>> = []
  for (const builder of builders) shards.push(new Uint8Array(await gzip(encodeShard(builder.build()))))
  return { shards, profiles, events }
}
