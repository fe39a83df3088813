/**
 * The edge's model registry as the model page needs it: `GET /v1/models` (goals with their active and
 * available versions) and `POST /v1/models/:goal/active` (activate or roll back, bearer token).
 */

export interface GoalVersions {
  goal: string
  active: string | null
  versions: Array<{ version: string; createdAt: string | null }>
}

function versionOf(v: unknown): { version: string; createdAt: string | null } | null {
  if (typeof v === 'string') return { version: v, createdAt: null }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    const version = typeof o.version === 'string' ? o.version : typeof o.id === 'string' ? o.id : null
    if (!version) return null
    const created = o.createdAt ?? o.created ?? o.publishedAt ?? o.uploadedAt
    return { version, createdAt: typeof created === 'string' ? created : null }
  }
  return null
}

/**
 * Reads the `GET /v1/models` body into one list. Accepts `{ goals: [...] }`, `{ models: [...] }` or a bare
 * array, each entry `{ goal | name, active | activeVersion, versions | available: [string | { version }] }`.
 */
export function parseModelList(body: unknown): GoalVersions[] {
  const o = body as Record<string, unknown> | unknown[] | null
  const list = Array.isArray(o) ? o : Array.isArray(o?.goals) ? o.goals : Array.isArray(o?.models) ? o.models : []
  return (list as unknown[]).flatMap((entry) => {
    if (!entry || typeof entry !== 'object') return []
    const e = entry as Record<string, unknown>
    const goal = typeof e.goal === 'string' ? e.goal : typeof e.name === 'string' ? e.name : null
    if (!goal) return []
    const activeRaw = e.active ?? e.activeVersion
    const active = typeof activeRaw === 'string' ? activeRaw : versionOf(activeRaw)?.version ?? null
    const raw = Array.isArray(e.versions) ? e.versions : Array.isArray(e.available) ? e.available : []
    const versions = raw.map(versionOf).filter((v): v is NonNullable<typeof v> => v !== null)
    return [{ goal, active, versions }]
  })
}

/** `GET /v1/models`. */
export async function fetchModels(endpoint: string): Promise<GoalVersions[]> {
  const res = await fetch(`${endpoint}/v1/models`, { cache: 'no-store' })
  if (!res.ok) throw new Error(`GET /v1/models: HTTP ${res.status}`)
  return parseModelList(await res.json())
}

/**
 * A refused activation: `code` is the edge's (`QUALITY_GATE` when the version is below the goal's quality floors,
 * `UNAUTHORIZED`, `NOT_FOUND`…, or `HTTP_<status>` without a JSON error) and `message` the edge's own message.
 */
export class ActivationError extends Error {
  override readonly name = 'ActivationError'
  readonly code: string

  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

/**
 * `POST /v1/models/:goal/active { version }` with the dev token.
 * @throws {ActivationError} with the edge's code and message (e.g. which figure is below which floor).
 */
export async function activateVersion(endpoint: string, token: string, goal: string, version: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  const res = await fetchImpl(`${endpoint}/v1/models/${encodeURIComponent(goal)}/active`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ version }),
  })
  if (!res.ok) {
    let code = `HTTP_${res.status}`
    let message = `HTTP ${res.status}`
    try {
      const error = ((await res.json()) as { error?: { code?: unknown; message?: unknown } }).error
      if (typeof error?.code === 'string') code = error.code
      if (typeof error?.message === 'string') message = error.message
    } catch { /* not JSON */ }
    const what = code === 'QUALITY_GATE' ? 'refused by the quality gate' : 'failed'
    throw new ActivationError(code, `activating ${goal} ${version} ${what}: ${message}`)
  }
}
