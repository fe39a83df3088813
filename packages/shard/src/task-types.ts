import type { ShardProfile } from './profiles.ts'

/** A shard's profiles in id order, only events before `before` when given (a decoded shard, or a trainer source). */
export type ProfilesOf = (before?: number) => Iterable<ShardProfile> | AsyncIterable<ShardProfile>
