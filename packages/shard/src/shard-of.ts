import { unitHash } from './sample.ts'

/**
 * The shard (0 … n − 1) a profile belongs to: a stable hash of its id, the same in every runtime and every run,
 * so that re-sharding an export with the same n puts every profile in the same shard.
 */
export function shardOf(profileId: string, n: number): number {
  return Math.min(n - 1, Math.floor(unitHash(`shard:${profileId}`) * n))
}
