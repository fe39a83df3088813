/** The messages between the Worker and the `ProfileStore` Durable Object (one file, so both sides agree). */

/** Where a generation is in its life: uploading, served, or kept after being replaced (for a rollback). */
export type GenerationState = 'pending' | 'active' | 'retained'

/** `POST /v1/profiles/generations`, checked by the Worker. */
export interface GenerationSpec {
  buckets: number
  goals: Record<string, string>
  scoredAt: string
  profiles: number
}

/** One generation as `GET /v1/profiles/generations` lists it. */
export interface GenerationInfo {
  generation: string
  state: GenerationState
  buckets: number
  /** buckets uploaded so far */
  bucketsStored: number
  /** records stored (after erasures) */
  profiles: number
  /** the `profiles` the uploader announced */
  declaredProfiles: number
  goals: Record<string, string>
  scoredAt: string
  createdAt: string
  committedAt: string | null
  /** a pending generation not committed by then is deleted */
  expiresAt: string | null
  /** a retained generation is deleted then */
  retainUntil: string | null
}

/** The answer of a bucket PUT. */
export interface PutBucketResult {
  generation: string
  bucket: number
  records: number
  /** records left out because their profile was erased (a tombstone) */
  erased: number
  bytes: number
}

/** The answer of a commit. */
export interface CommitResult {
  generation: string
  profiles: number
  previous: string | null
}

/** What a cleanup deleted. */
export interface CleanupResult {
  generations: string[]
  tombstones: number
}
