import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { loadModel, parseGoal, type GoalSpec, type Model, type ModelArtifact } from '@auspex/core'
import { CliError } from './cli-error.ts'
import { readJsonFile } from './json-file.ts'

/** The model directory layout (a contract with the SDK, edge and demo): these three files. */
export const MODEL_FILES = { artifact: 'model.json', metrics: 'metrics.json', report: 'report.html' } as const

/**
 * Writes `DIR/model.json` (compact: the bytes the edge serves and browsers download; `jq . model.json` reads it),
 * `DIR/metrics.json` and `DIR/report.html`; returns the paths written.
 */
export async function writeModelDir(dir: string, artifact: ModelArtifact, metrics: unknown, reportHtml: string): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const files = [join(dir, MODEL_FILES.artifact), join(dir, MODEL_FILES.metrics), join(dir, MODEL_FILES.report)]
  await writeFile(files[0]!, JSON.stringify(artifact) + '\n')
  await writeFile(files[1]!, JSON.stringify(metrics, null, 2) + '\n')
  await writeFile(files[2]!, reportHtml)
  return files
}

/** Reads `DIR/model.json` as raw JSON. @throws CliError MODEL_DIR when it is missing or not JSON */
export async function readArtifactJson(dir: string): Promise<unknown> {
  const path = join(dir, MODEL_FILES.artifact)
  return readJsonFile(path, (kind, why, cause) => kind === 'missing'
    ? new CliError('MODEL_DIR', `--model ${dir}: no ${MODEL_FILES.artifact} there; pass the --out folder of auspex train`)
    : new CliError('MODEL_DIR', `${path}: not valid JSON (${why}); re-run auspex train`, { cause }))
}

/** Loads and validates the model in `DIR` with core's `loadModel` (hash checked). */
export async function readModel(dir: string): Promise<Model> {
  return loadModel(await readArtifactJson(dir))
}

/** Reads and validates a goal file. @throws AuspexError INVALID_GOAL with the JSON path, or CliError USAGE */
export async function readGoalFile(path: string): Promise<GoalSpec> {
  const raw = await readJsonFile(path, (kind, why, cause) => kind === 'missing'
    ? new CliError('USAGE', `--goal ${path}: no such file; goal files are JSON (see goals/*.json)`)
    : new CliError('USAGE', `--goal ${path}: not valid JSON (${why})`, { cause }))
  return parseGoal(raw)
}
