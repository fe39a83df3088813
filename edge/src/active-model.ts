import type { Model } from '@auspex/core'
import type { Env } from './env.ts'
import { EdgeError } from './errors.ts'
import { modelCache } from './model-cache.ts'
import { getActive, getVersion } from './registry.ts'

/**
 * The parsed active model of `goal` (through the per-isolate model cache).
 * @throws {EdgeError} 404 `NO_ACTIVE_MODEL`; 500 when the active version is missing from storage.
 */
export async function activeModel(env: Env, goal: string): Promise<Model> {
  const pointer = await getActive(env, goal)
  if (!pointer) throw new EdgeError(404, 'NO_ACTIVE_MODEL', `goal ${goal} has no active model; publish one with auspex publish --activate`)
  const model = await modelCache.get(goal, pointer.version, pointer.hash, async (g, v) => (await getVersion(env, g, v))?.text ?? null)
  if (!model) throw new EdgeError(500, 'INTERNAL', `the active version ${pointer.version} of goal ${goal} is missing from storage; activate another version`)
  return model
}
