/**
 * The score phase, per shard: every profile eligible for at least one model at `asOf`, scored from its events
 * before `asOf`, with factors, percentile and bucket (core's `predict`) and the segments it matches: the rows
 * `auspex score` writes. A profile's row depends on that profile alone, so any sharding gives the same rows.
 */
import { compileSegments, loadModel, matchingSegments, type Model, type ModelArtifact, type Prediction, type SegmentRule } from '@auspex/core'
import type { ProfilesOf } from './task-types.ts'

export interface ScoreTask {
  kind: 'score'
  /** one model per goal */
  artifacts: ModelArtifact[]
  asOf: number
  /** segment rules: each row then says which it matches */
  segments?: SegmentRule[]
}

export interface ScoreRow {
  profileId: string
  /** by goal name: only the goals the profile is eligible for */
  predictions: Record<string, Prediction>
  segments?: string[]
}

export interface ScorePart {
  kind: 'score'
  /** in profile id order */
  rows: ScoreRow[]
}

/**
 * Models loaded by earlier shards, by content hash: a thread or isolate scores shard after shard with the same
 * artifacts, and validating one (its content hash included) cost ~15 ms a shard. An artifact is validated once,
 * the first time its hash is seen; the few most recent stay.
 */
const loaded = new Map<string, Model>()
const KEEP_MODELS = 8

function modelOf(artifact: ModelArtifact): Model {
  const key = typeof artifact?.hash === 'string' ? artifact.hash : undefined
  const known = key === undefined ? undefined : loaded.get(key)
  if (known) return known
  const model = loadModel(artifact)
  loaded.set(model.hash, model)
  if (loaded.size > KEEP_MODELS) loaded.delete(loaded.keys().next().value!)
  return model
}

/**
 * Every eligible profile's row, in profile id order, handed to `onRow` as it is scored and not kept: a renderer
 * that writes each row at once lets its predictions die young (`auspex score`'s threads; ~9 % of its wall time on
 * 10 M events against keeping a shard's rows, then rendering them).
 */
export async function forEachScoreRow(profiles: ProfilesOf, task: ScoreTask, onRow: (row: ScoreRow) => void): Promise<void> {
  const models = task.artifacts.map(modelOf)
  const segments = task.segments ? compileSegments(task.segments) : undefined
  for await (const p of profiles(task.asOf)) {
    const predictions: Record<string, Prediction> = {}
    let any = false
    for (const model of models) {
      const state = model.engine.init()
      for (const e of p.events) model.engine.update(state, e)
      if (!model.goal.isEligible(state, task.asOf)) continue
      predictions[model.goal.name] = model.predict(state, task.asOf)
      any = true
    }
    if (!any) continue
    onRow(segments ? { profileId: p.profileId, predictions, segments: matchingSegments(segments, predictions) } : { profileId: p.profileId, predictions })
  }
}

/** A shard's score part: its rows, in profile id order. */
export async function scoreShard(profiles: ProfilesOf, task: ScoreTask): Promise<ScorePart> {
  const rows: ScoreRow[] = []
  await forEachScoreRow(profiles, task, (row) => rows.push(row))
  return { kind: 'score', rows }
}
