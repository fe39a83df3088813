/** The read path of every profile route: the KV pointer to the active generation, then one record from R2. */
import type { ProfileRecord } from '@auspex/core'
import type { Env } from '../env.ts'
import { EdgeError } from '../errors.ts'
import { readBucketRecord } from './bucket-read.ts'
import { ACTIVE_PROFILES_KEY, bucketKey, type ActiveProfiles } from './layout.ts'
import { profileBucket } from '@auspex/core'

/** The active generation's pointer, or null before the first commit. */
export function activeProfiles(env: Env): Promise<ActiveProfiles | null> {
  return env.REGISTRY.get<ActiveProfiles>(ACTIVE_PROFILES_KEY, 'json')
}

const notFound = (id: string) => new EdgeError(404, 'PROFILE_NOT_FOUND', `no profile ${JSON.stringify(id.slice(0, 256))} in the active generation; ` +
  'profiles are published by auspex score --publish-profiles (an erased profile stays gone)')

/** The active generation's record of `profileId`. @throws {EdgeError} 404 `PROFILE_NOT_FOUND` */
export async function readProfile(env: Env, profileId: string): Promise<ProfileRecord> {
  const active = await activeProfiles(env)
  if (active === null) throw notFound(profileId)
  const text = await readBucketRecord(env.PROFILES, bucketKey(active.generation, profileBucket(profileId, active.buckets)), profileId)
  if (text === null) throw notFound(profileId)
  return JSON.parse(text) as ProfileRecord
}
