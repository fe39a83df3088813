/**
 * The seam between the queue consumer and the shard worker: `runShardTask(bytes, task)` turns one uploaded shard into
 * its result bytes. The consumer, the routes and the tests depend only on {@link ShardRunner}; swapping the interim
 * codec below for `@auspex/shard`'s worker is one import.
 *
 * Interim shard format (until `@auspex/shard` lands): gzip JSON Lines, one profile a line,
 * `{ "seq": <position in the export's profile order>, "profileId", "events": [AuspexEvent…] }` with events in time
 * order. Result: gzip JSON Lines `{ "seq", "profileId", "predictions": { <goal>: Prediction } }` for every profile
 * eligible for at least one model — what `auspex score` writes, computed by the same core code.
 */
import { loadModel, type AuspexEvent, type Model, type Prediction } from '@auspex/core'
import { gunzipLines, gzipLines } from './gzip-lines.ts'
import type { ShardTask } from './job-types.ts'

/** At most this many events are read from one shard: Workers have 128 MB per isolate (see README "Limits"). */
export const MAX_SHARD_EVENTS = 250_000

export interface ShardRunResult {
  body: Uint8Array
  /** profiles in the result */
  profiles: number
}

export type ShardRunner = (shard: Uint8Array, task: ShardTask) => Promise<ShardRunResult>

/** A shard the worker cannot run (too large, unreadable, a task it does not know). Retrying does not help. */
export class ShardTaskError extends Error {
  override readonly name = 'ShardTaskError'
  constructor(readonly code: 'SHARD_TOO_LARGE' | 'INVALID_SHARD' | 'UNSUPPORTED_TASK', message: string) {
    super(message)
  }
}

interface ShardLine { seq: number; profileId: string; events: AuspexEvent[] }

/** One score result line (also what the CLI reads back). */
export interface ScoreLine { seq: number; profileId: string; predictions: Record<string, Prediction> }

const models = new Map<string, Model>()

/** The task's models, loaded (and hash-checked) once per isolate per version. */
function taskModels(task: Extract<ShardTask, { kind: 'score' }>): Model[] {
  return task.models.map((artifact) => {
    const key = `${artifact.goal.name}\n${artifact.version}\n${artifact.hash}`
    let model = models.get(key)
    if (!model) {
      if (models.size >= 16) models.clear()
      model = loadModel(artifact)
      models.set(key, model)
    }
    return model
  })
}

/** Each profile line of an interim shard, with the {@link MAX_SHARD_EVENTS} cap applied while reading. */
async function* shardProfiles(bytes: Uint8Array): AsyncIterable<ShardLine> {
  let events = 0
  let n = 0
  for await (const text of gunzipLines(bytes)) {
    n++
    let line: ShardLine
    try {
      line = JSON.parse(text) as ShardLine
    } catch (error) {
      throw new ShardTaskError('INVALID_SHARD', `line ${n}: not JSON (${(error as Error).message})`)
    }
    if (typeof line.seq !== 'number' || typeof line.profileId !== 'string' || !Array.isArray(line.events)) {
      throw new ShardTaskError('INVALID_SHARD', `line ${n}: expected { seq, profileId, events }`)
    }
    events += line.events.length
    if (events > MAX_SHARD_EVENTS) {
      throw new ShardTaskError('SHARD_TOO_LARGE', `more than ${MAX_SHARD_EVENTS} events in one shard; shard the export into more, smaller shards`)
    }
    yield line
  }
}

/** Scores one shard like `auspex score`: per profile eligible for at least one model at `asOf`, its predictions by goal. */
async function scoreShard(bytes: Uint8Array, task: Extract<ShardTask, { kind: 'score' }>): Promise<ShardRunResult> {
  const loaded = taskModels(task)
  const lines: string[] = []
  for await (const p of shardProfiles(bytes)) {
    const predictions: Record<string, Prediction> = {}
    let any = false
    for (const model of loaded) {
      const state = model.engine.init()
      for (const e of p.events) if (e.timestamp < task.asOf) model.engine.update(state, e)
      if (!model.goal.isEligible(state, task.asOf)) continue
      predictions[model.goal.name] = model.predict(state, task.asOf)
      any = true
    }
    if (any) lines.push(JSON.stringify({ seq: p.seq, profileId: p.profileId, predictions } satisfies ScoreLine))
  }
  return { body: await gzipLines(lines), profiles: lines.length }
}

/** Runs one shard's task. @throws {ShardTaskError} for a shard or task the worker cannot run. */
export const runShardTask: ShardRunner = async (shard, task) => {
  if (task.kind === 'score') return scoreShard(shard, task)
  throw new ShardTaskError('UNSUPPORTED_TASK', `task ${task.kind}: example building on the queues engine needs @auspex/shard's worker`)
}
