/**
 * The models `pnpm start` serves: trained with the trainer CLI into `<models>/<name>/`, skipped when an
 * up-to-date one exists. "Up to date" is a key — SHA-256 of the data file, the goal file, every source file
 * of the trainer and of core, and the variant (cut-off, sample size, data note) — stored next to the model as `key.json`.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { run } from './children.ts'

/** One model to train: a goal, optionally on the data before a cut-off (an older "previous" version). */
export interface ModelJob {
  /** directory name under the models dir, e.g. `purchase-30d` or `purchase-30d-previous` */
  name: string
  goal: string
  goalFile: string
  /** ISO date: train only on events before it (`auspex train --before`) */
  before?: string
  /** a note on the data for the artifact and the report (`auspex train --data-note`) */
  dataNote?: string
  /** train on a seeded sample of at most this many examples (`auspex train --max-examples`) */
  maxExamples?: number
  /** ISO 4217 code of the events' values, shown in the factors' labels (`auspex train --currency`) */
  currency?: string
}

export interface TrainedModel extends ModelJob {
  dir: string
  version: string
  cached: boolean
}

function listSources(dir: string): string[] {
  if (!existsSync(dir)) return []
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    if (entry.isDirectory()) { if (entry.name !== 'node_modules') out.push(...listSources(p)) }
    else if (/\.(ts|js|json|html|css)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) out.push(p)
  }
  return out.sort()
}

/** The segment rules `pnpm start` publishes and reports on (relative to the repo root). */
export const SEGMENTS_FILE = 'goals/segments.json'

/** The cache key of a model: data + goal + segment rules + trainer and core code + variant. */
export function modelKey(root: string, dataFile: string, job: ModelJob): string {
  const h = createHash('sha256')
  h.update(`variant:${job.before ?? 'all'}\ntrainer:${trainerCli()}\nmax:${job.maxExamples ?? 'default'}\nnote:${job.dataNote ?? ''}\ncurrency:${job.currency ?? ''}\n`)
  h.update(readFileSync(dataFile))
  h.update(readFileSync(job.goalFile))
  const segments = join(root, SEGMENTS_FILE)
  if (existsSync(segments)) h.update(readFileSync(segments))
  for (const f of [...listSources(join(root, 'trainer/src')), ...listSources(join(root, 'packages/core/src')), join(root, 'trainer/package.json')]) {
    if (!existsSync(f)) continue
    h.update(`\n${relative(root, f)}\n`)
    h.update(readFileSync(f))
  }
  return h.digest('hex')
}

/** Reads the version of a trained model directory (`model.json` → `version`). */
export function modelVersion(dir: string): string {
  const artifact = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { version?: unknown }
  if (typeof artifact.version !== 'string') throw new Error(`${join(dir, 'model.json')}: no "version" string; retrain with \`pnpm auspex train\``)
  return artifact.version
}

/** Whether `dir` holds a model trained with `key`. */
export function isUpToDate(dir: string, key: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, 'key.json'), 'utf8')) as { key?: string }).key === key && existsSync(join(dir, 'model.json'))
  } catch {
    return false
  }
}

/** Trains one model unless up to date; `onLine` gets the trainer's progress lines. */
export async function trainModel(root: string, modelsDir: string, dataFile: string, job: ModelJob, onLine: (line: string) => void): Promise<TrainedModel> {
  const dir = join(modelsDir, job.name)
  const key = modelKey(root, dataFile, job)
  if (isUpToDate(dir, key)) return { ...job, dir, version: modelVersion(dir), cached: true }
  const tmp = `${dir}.tmp-${process.pid}`
  let lastLine = 0
  const progress = (line: string): void => {
    // the trainer's progress can be chatty: one line every 2 s per model, plus results, warnings and errors
    if (Date.now() - lastLine < 2000 && !/trained|warning|error|fail/i.test(line)) return
    lastLine = Date.now()
    onLine(line)
  }
  rmSync(tmp, { recursive: true, force: true })
  // canonical events (the simulated shop) need no preset; the raw Online Retail export is recognised by its header
  const args = ['train', '--events', dataFile, '--goal', job.goalFile, '--out', tmp]
  if (job.maxExamples) args.push('--max-examples', String(job.maxExamples))
  if (job.currency) args.push('--currency', job.currency)
  if (job.dataNote) args.push('--data-note', job.dataNote)
  // the report gets a "segments" section for the rules that read this goal
  if (existsSync(join(root, SEGMENTS_FILE))) args.push('--segments', join(root, SEGMENTS_FILE))
  if (job.before) args.push('--before', job.before)
  try {
    await runTrainer(root, args, { onLine: progress })
    if (!existsSync(join(tmp, 'model.json'))) throw new Error(`the trainer wrote no ${join(tmp, 'model.json')}`)
    writeFileSync(join(tmp, 'key.json'), JSON.stringify({ key, trainedAt: new Date().toISOString(), before: job.before ?? null }, null, 2))
    rmSync(dir, { recursive: true, force: true })
    renameSync(tmp, dir)
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
  return { ...job, dir, version: modelVersion(dir), cached: false }
}

/** The trainer CLI file (`AUSPEX_TRAINER_CLI` overrides `trainer/bin/auspex.js`, which runs the CLI's bundle). */
export function trainerCli(): string {
  return process.env.AUSPEX_TRAINER_CLI ?? 'trainer/bin/auspex.js'
}

/** Runs the trainer CLI on `args` in `root`: a `.ts` CLI file through tsx, the bin (plain JavaScript) with node itself. */
function runTrainer(root: string, args: string[], options: { env?: NodeJS.ProcessEnv; onLine?: (line: string) => void }): ReturnType<typeof run> {
  const cli = trainerCli()
  return run(cli.endsWith('.ts') ? join(root, 'node_modules/.bin/tsx') : process.execPath, [cli, ...args], { cwd: root, ...options })
}

/** Runs jobs with at most `parallel` at a time (2 cores: 2 trainers). */
export async function trainAll(jobs: ModelJob[], parallel: number, train: (job: ModelJob) => Promise<TrainedModel>): Promise<TrainedModel[]> {
  const results: TrainedModel[] = new Array(jobs.length)
  let next = 0
  const workers = Array.from({ length: Math.min(parallel, jobs.length) }, async () => {
    while (next < jobs.length) {
      const i = next++
      results[i] = await train(jobs[i]!)
    }
  })
  await Promise.all(workers)
  return results
}

/** Size of a file in bytes, 0 when missing. */
export function fileSize(file: string): number {
  return existsSync(file) ? statSync(file).size : 0
}

/** Publishes a trained model to the edge with the trainer CLI (`auspex publish`). */
export async function publishModel(root: string, dir: string, endpoint: string, token: string, activate: boolean, onLine: (line: string) => void): Promise<void> {
  const args = ['publish', '--model', dir, '--endpoint', endpoint]
  if (activate) args.push('--activate')
  await runTrainer(root, args, { env: { ...process.env, AUSPEX_TOKEN: token }, onLine })
}

/**
 * Scores every profile with the active models at `asOf` and publishes them to the edge's profile store
 * (`auspex score --publish-profiles`): what `identify` reads for a known customer. Returns the `--json` summary.
 */
export async function publishProfiles(root: string, o: { models: string[]; events: string; asOf: string; segments: string; endpoint: string; token: string }, onLine: (line: string) => void): Promise<{ profiles: number; generation: string }> {
  const args = ['score', ...o.models.flatMap((m) => ['--model', m]), '--events', o.events, '--as-of', o.asOf, '--segments', o.segments,
    '--publish-profiles', '--endpoint', o.endpoint, '--json']
  let json = ''
  await runTrainer(root, args, { env: { ...process.env, AUSPEX_TOKEN: o.token }, onLine: (line) => { if (line.startsWith('{')) json = line; else onLine(line) } })
  const summary = JSON.parse(json) as { profilesPublished?: { profiles: number; generation: string } }
  if (!summary.profilesPublished) throw new Error(`auspex score --publish-profiles printed no profilesPublished: ${json.slice(0, 200)}`)
  return summary.profilesPublished
}

/** Publishes segment rules (e.g. `goals/segments.json`) to the edge with the trainer CLI (`auspex publish --segments`). */
export async function publishSegments(root: string, file: string, endpoint: string, token: string, onLine: (line: string) => void): Promise<void> {
  await runTrainer(root, ['publish', '--segments', file, '--endpoint', endpoint], { env: { ...process.env, AUSPEX_TOKEN: token }, onLine })
}
