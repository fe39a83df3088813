import type { ModelArtifact } from '@auspex/core'
import type { Env } from './env.ts'
import { EdgeError } from './errors.ts'

/** The active-version record of one goal (one KV key per goal: a single write is atomic). */
export interface ActivePointer {
  version: string
  hash: string
  activatedAt: string
}

/** One stored version of a goal's model, as listed by `GET /v1/models`. */
export interface VersionInfo {
  version: string
  createdAt: string
  hash: string
  size: number
}

/** A goal with its active version and every stored version (newest first). */
export interface GoalListing {
  goal: string
  active: string | null
  versions: VersionInfo[]
}

const SLUG = /^[a-z0-9][a-z0-9._-]{0,63}$/
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/

/** Checks a goal name from the URL. @throws {EdgeError} 400 naming the fix. */
export function checkGoal(goal: string): string {
  if (!SLUG.test(goal)) throw new EdgeError(400, 'INVALID_REQUEST', `goal ${JSON.stringify(goal)}: expected a lower-case slug such as "purchase-30d"`)
  return goal
}

/** Checks a version id from the URL or a body. @throws {EdgeError} 400 naming the field. */
export function checkVersion(version: unknown, field = 'version'): string {
  if (typeof version !== 'string' || !VERSION.test(version)) {
    throw new EdgeError(400, 'INVALID_REQUEST', `${field}: expected a version id (letters, digits, ".", "_", "-"; at most 128), got ${JSON.stringify(version)}`)
  }
  return version
}

export const modelKey = (goal: string, version: string) => `models/${goal}/${version}.json`
export const activeKey = (goal: string) => `active/${goal}`

/**
 * Stores a validated artifact create-only (R2 `onlyIf: { etagDoesNotMatch: "*" }`): returns false when the
 * version already exists, leaving it untouched. A failed put stores nothing, so it never changes what is served.
 */
export async function putVersion(env: Env, artifact: ModelArtifact, text: string): Promise<boolean> {
  const stored = await env.MODELS.put(modelKey(artifact.goal.name, artifact.version), text, {
    onlyIf: { etagDoesNotMatch: '*' },
    httpMetadata: { contentType: 'application/json' },
    customMetadata: { hash: artifact.hash, createdAt: artifact.createdAt },
  })
  return stored !== null
}

/** The stored artifact text of a version, or null. */
export async function getVersion(env: Env, goal: string, version: string): Promise<{ text: string; hash: string } | null> {
  const object = await env.MODELS.get(modelKey(goal, version))
  if (object === null) return null
  return { text: await object.text(), hash: object.customMetadata?.hash ?? '' }
}

/** The active pointer of a goal, or null when none was activated. */
export async function getActive(env: Env, goal: string): Promise<ActivePointer | null> {
  return env.REGISTRY.get<ActivePointer>(activeKey(goal), 'json')
}

/**
 * Makes `version` the active model of `goal` (also rollback). The version must exist in R2; the pointer is
 * one KV value written in one put, so concurrent activations leave exactly one of them, never a mix.
 * @throws {EdgeError} 404 when the version does not exist.
 */
export async function setActive(env: Env, goal: string, version: string): Promise<ActivePointer> {
  const head = await env.MODELS.head(modelKey(goal, version))
  const hash = head?.customMetadata?.hash
  if (!head || !hash) throw new EdgeError(404, 'NOT_FOUND', `version ${version} of goal ${goal} does not exist; upload it first with PUT /v1/models/${goal}/versions/${version}`)
  const pointer: ActivePointer = { version, hash, activatedAt: new Date().toISOString() }
  await env.REGISTRY.put(activeKey(goal), JSON.stringify(pointer))
  return pointer
}

/** Every goal with stored versions (from R2) and its active version (from KV). */
export async function listGoals(env: Env): Promise<GoalListing[]> {
  const byGoal = new Map<string, VersionInfo[]>()
  let cursor: string | undefined
  do {
    const page = await env.MODELS.list({ prefix: 'models/', include: ['customMetadata'], ...(cursor ? { cursor } : {}) })
    for (const object of page.objects) {
      const match = /^models\/([^/]+)\/(.+)\.json$/.exec(object.key)
      if (!match) continue
      const [, goal, version] = match as unknown as [string, string, string]
      const list = byGoal.get(goal) ?? []
      list.push({ version, createdAt: object.customMetadata?.createdAt ?? object.uploaded.toISOString(), hash: object.customMetadata?.hash ?? '', size: object.size })
      byGoal.set(goal, list)
    }
    cursor = page.truncated ? page.cursor : undefined
  } while (cursor)
  const goals = [...byGoal.keys()].sort()
  const pointers = await Promise.all(goals.map((g) => getActive(env, g)))
  return goals.map((goal, i) => ({
    goal,
    active: pointers[i]?.version ?? null,
    versions: byGoal.get(goal)!.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.version.localeCompare(a.version)),
  }))
}
