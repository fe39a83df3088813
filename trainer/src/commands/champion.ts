import { loadModel, type Model } from '@auspex/core'
import { CliError } from './cli-error.ts'
import type { CliIo } from './io.ts'
import { call, edgeError } from './publish.ts'

/**
 * The goal's active model at the edge (`GET /v1/models/:goal`, public), or undefined when the goal has none yet
 * (`404 NO_ACTIVE_MODEL`). The artifact is validated with core's `loadModel` (hash checked).
 * @throws CliError CHAMPION_FETCH when the edge answers something else or the artifact does not load
 */
export async function fetchChampion(io: CliIo, endpoint: string, goal: string): Promise<Model | undefined> {
  const url = `${endpoint.replace(/\/+$/, '')}/v1/models/${encodeURIComponent(goal)}`
  const reply = await call(io, url, { method: 'GET' })
  const code = (reply.body as { error?: { code?: string } } | null)?.error?.code
  if (reply.status === 404 && code === 'NO_ACTIVE_MODEL') return undefined
  if (reply.status !== 200) {
    const e = edgeError('GET', url, reply)
    throw new CliError('CHAMPION_FETCH', `${e.message}; is --endpoint an Auspex edge?`)
  }
  try {
    return loadModel(reply.body)
  } catch (cause) {
    throw new CliError('CHAMPION_FETCH', `GET ${url}: the active model does not load (${(cause as Error).message})`, { cause })
  }
}
