// How many shards an export is cut into (by `scatterShards`, raw-shards.ts).

/** Events per shard that `auspex shard` and the local engine aim at (shards are smaller than {@link MAX_SHARD_EVENTS}). */
export const TARGET_SHARD_EVENTS = 250_000

/** How many shards `events` events make: at least `atLeast` (e.g. one per worker), about {@link TARGET_SHARD_EVENTS} each. */
export function shardCount(events: number, atLeast = 1): number {
  return Math.max(1, atLeast, Math.ceil(events / TARGET_SHARD_EVENTS))
}
