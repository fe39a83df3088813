import { loadArtifact } from '../artifact-check.ts'
import { isObject } from '../body.ts'
import type { Env } from '../env.ts'
import { EdgeError } from '../errors.ts'
import { JOB_ID } from './job-keys.ts'
import type { JobLimits } from './job-limits.ts'
import type { JobFaults, JobSpec, ShardTask } from './job-types.ts'

const bad = (message: string) => new EdgeError(400, 'INVALID_REQUEST', message)

function shardList(raw: unknown, field: string, shards: number): number[] {
  if (!Array.isArray(raw) || !raw.every((n) => Number.isInteger(n) && n >= 0 && n < shards)) {
    throw bad(`${field}: a list of shard numbers 0 … ${shards - 1}`)
  }
  return raw as number[]
}

function parseFaults(raw: unknown, env: Env, shards: number): JobFaults | undefined {
  if (raw === undefined) return undefined
  if (env.AUSPEX_JOB_FAULTS !== 'on') throw bad('faults: fault injection is for tests; this edge does not enable it (AUSPEX_JOB_FAULTS)')
  if (!isObject(raw)) throw bad('faults: an object { failOnce?, failAlways? }')
  const faults: JobFaults = {}
  for (const [key, value] of Object.entries(raw)) {
    if (key !== 'failOnce' && key !== 'failAlways') throw bad(`faults.${key}: unknown; use failOnce or failAlways`)
    faults[key] = shardList(value, `faults.${key}`, shards)
  }
  return faults
}

/** The fields each training phase's task must carry (`@auspex/shard` checks their content when it runs them). */
const PHASE_FIELDS = { survey: ['goal', 'end'], collect: ['goal', 'config', 'plan', 'seed', 'maxExamples'], describe: ['artifact', 'end', 'seed'] } as const

const TASK_HINT = 'task: an @auspex/shard task { kind: "score", artifacts, asOf, segments? } or a training phase (survey, collect, describe)'

function parseTask(raw: unknown, limits: JobLimits): ShardTask {
  if (!isObject(raw)) throw bad(TASK_HINT)
  if (raw.kind === 'score') {
    const { asOf, artifacts, segments } = raw
    if (typeof asOf !== 'number' || !Number.isFinite(asOf)) throw bad('task.asOf: epoch milliseconds (a number)')
    if (!Array.isArray(artifacts) || artifacts.length === 0 || artifacts.length > limits.models) {
      throw bad(`task.artifacts: 1 … ${limits.models} model artifacts (the model.json of each auspex train folder)`)
    }
    if (segments !== undefined && !Array.isArray(segments)) throw bad('task.segments: a list of segment rules')
    const loaded = artifacts.map((m, i) => {
      try {
        return loadArtifact(m)
      } catch (error) {
        if (error instanceof EdgeError) throw new EdgeError(error.status, error.code, `task.artifacts[${i}]: ${error.message}`)
        throw error
      }
    })
    return { ...(raw as unknown as ShardTask), kind: 'score', asOf, artifacts: loaded }
  }
  const kind = raw.kind
  if (kind === 'survey' || kind === 'collect' || kind === 'describe') {
    for (const field of PHASE_FIELDS[kind]) if (raw[field] === undefined) throw bad(`task.${field}: required by a ${kind} task`)
    return raw as unknown as ShardTask
  }
  throw bad(`task.kind: ${JSON.stringify(kind)} is not a task; use score, survey, collect or describe`)
}

/** Validates `POST /v1/jobs`. @throws {EdgeError} 400 naming the field, 422 for a model core refuses. */
export function parseJobSpec(raw: unknown, env: Env, limits: JobLimits): JobSpec {
  if (!isObject(raw)) throw bad('the body: an object { task, shards }')
  for (const key of Object.keys(raw)) {
    if (!['task', 'shards', 'faults', 'keepShards', 'shardsFrom'].includes(key)) throw bad(`${key}: unknown field; a job has task, shards, keepShards, shardsFrom (and faults in tests)`)
  }
  const { shards } = raw
  if (!Number.isInteger(shards) || (shards as number) < 1 || (shards as number) > limits.shards) {
    throw bad(`shards: a whole number 1 … ${limits.shards}`)
  }
  const task = parseTask(raw.task, limits)
  const faults = parseFaults(raw.faults, env, shards as number)
  const { keepShards, shardsFrom } = raw
  if (keepShards !== undefined && typeof keepShards !== 'boolean') throw bad('keepShards: true or false')
  if (shardsFrom !== undefined && (typeof shardsFrom !== 'string' || !JOB_ID.test(shardsFrom))) {
    throw bad('shardsFrom: the id of an earlier job created with keepShards: true')
  }
  return { task, shards: shards as number, ...(faults ? { faults } : {}), ...(keepShards ? { keepShards } : {}), ...(shardsFrom ? { shardsFrom } : {}) }
}
