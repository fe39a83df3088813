/** FNV-1a, 32-bit: the trainer's one string hash, shared with the shard worker (`@auspex/shard`). */
export { fnv1a, fnv1aBytes, FNV_OFFSET } from '@auspex/shard'
