/**
 * Where the profile store keeps things, and for how long. Bodies live in the `PROFILES` R2 bucket, one object per
 * (generation, bucket); the active generation's pointer is one KV value; the generations' states and the erasure
 * tombstones live in the `ProfileStore` Durable Object (store-object.ts). See edge/README.md "Profile store".
 */

/** KV key (in `REGISTRY`) of the active generation's pointer. */
export const ACTIVE_PROFILES_KEY = 'profiles/active'

/** R2 prefix of everything stored for one generation. */
export const generationPrefix = (generation: string) => `profiles/${generation}/`
/** R2 key of one bucket's object. */
export const bucketKey = (generation: string, bucket: number) => `profiles/${generation}/${bucket}`

/** How long the previous generation is kept after a commit (for a rollback: commit it again), ms. */
export const RETAIN_MS = 24 * 3600_000
/** A pending generation not committed within this time is expired and deleted, ms. */
export const PENDING_MS = 24 * 3600_000
/**
 * How long an erasure's tombstone lives, ms: it filters the profile out of every bucket PUT and commit meanwhile, so a
 * generation scored before the erasure but uploaded after it cannot bring the profile back. Longer than
 * {@link PENDING_MS}, so it outlives every generation pending when the erasure arrived.
 */
export const TOMBSTONE_MS = 7 * 24 * 3600_000
/** At most this many generations pending at once (each costs an erasure a look). */
export const MAX_PENDING = 4
/** Buckets of one generation: 1 … this (10 M profiles at ~500 a bucket need 20 000). */
export const MAX_BUCKETS = 100_000
/** Goals per generation. */
export const MAX_GOALS = 16
/** Longest profile id, characters. */
export const MAX_PROFILE_ID = 256

/** The active generation's pointer, read by every profile route. */
export interface ActiveProfiles {
  generation: string
  buckets: number
  goals: Record<string, string>
  scoredAt: string
  committedAt: string
}

const GENERATION = /^\d{8}T\d{6}Z-[0-9a-f]{8}$/

/** A new generation id: its creation time (so ids sort by age) and 32 random bits. */
export function newGenerationId(now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
  const random = crypto.getRandomValues(new Uint8Array(4))
  return `${stamp}-${[...random].map((b) => b.toString(16).padStart(2, '0')).join('')}`
}

/** True for a generation id as {@link newGenerationId} makes them. */
export function isGenerationId(value: string): boolean {
  return GENERATION.test(value)
}
