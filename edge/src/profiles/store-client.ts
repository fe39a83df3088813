/** The Worker's side of the `ProfileStore` Durable Object: typed calls, its errors re-thrown as the Worker's. */
import type { Env } from '../env.ts'
import { EdgeError } from '../errors.ts'

/** The one instance every write goes through. */
function store(env: Env): DurableObjectStub {
  if (!env.PROFILE_STORE) {
    throw new EdgeError(500, 'INTERNAL', 'no PROFILE_STORE Durable Object binding; add it to "durable_objects" in wrangler.jsonc (see edge/README.md "Profile store")')
  }
  return env.PROFILE_STORE.get(env.PROFILE_STORE.idFromName('profiles'))
}

/**
 * Calls the store: `path` with query `params`, an optional JSON or binary body. Resolves the JSON answer (undefined
 * for 204). @throws {EdgeError} the store's refusal, with its status, code and details.
 */
export async function askStore<T>(env: Env, method: string, path: string, params: Record<string, string | number> = {}, body?: unknown): Promise<T> {
  const url = new URL(`https://profile-store${path}`)
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v))
  const init: RequestInit = { method }
  if (body instanceof Uint8Array) init.body = body
  else if (body !== undefined) init.body = JSON.stringify(body)
  const res = await store(env).fetch(url.toString(), init)
  if (res.status === 204) return undefined as T
  const answer = (await res.json()) as T & { error?: { code: string; message: string } & Record<string, unknown> }
  if (res.ok) return answer
  const { code = 'INTERNAL', message = `profile store answered ${res.status}`, ...details } = answer.error ?? {}
  throw new EdgeError(res.status as EdgeError['status'], code, message, {}, details)
}
