/**
 * The CLI's bundle: the TypeScript sources (the trainer's, @auspex/core's, @auspex/shard's) built by esbuild into
 * a few plain ES modules, which start ~4× faster than through tsx (`auspex --help` 0.35 → 0.10 s; a worker thread
 * is ready in ~30 ms instead of ~200 ms and ~0.26 CPU-s, and `auspex score --workers 2` starts four of them).
 *
 * bin/auspex.js runs the bundle when it is fresh and builds it when it is not (~0.2 s, once after a change): each
 * build records every file it read (path, modification time, size), with this file, the trainer's package.json and
 * the lockfile, and a bundle is fresh while all of them are unchanged. A build is written to a folder of its own and
 * named in `current.json` by an atomic rename, so concurrent runs never see half a build; folders no run has started
 * from for a day are removed. Plain JavaScript, so it runs before tsx is registered. `AUSPEX_FROM_SOURCE=1` runs the
 * sources through tsx instead.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const TRAINER = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Bumped when the build's options change: a bundle of another builder is stale. */
export const BUILDER = 1

/**
 * The entry points, named as the sources refer to them: `local-engine.ts` and `csv-pool.ts` start their threads on
 * `new URL('./worker-entry.mjs' | './csv-parse-entry.mjs', import.meta.url)`, which in the bundle is the worker
 * itself (tsx is not needed there) and in the sources is an entry that registers tsx first.
 */
const ENTRIES = {
  cli: 'src/cli.ts',
  'worker-entry': 'src/engine/shard-worker.ts',
  'csv-parse-entry': 'src/ingest/csv-parse-worker.ts',
}

const DAY_MS = 24 * 3600 * 1000

/** Where builds go: `trainer/dist`, or `AUSPEX_BUNDLE_DIR`. */
export function bundleDir() {
  return process.env.AUSPEX_BUNDLE_DIR ? resolve(process.env.AUSPEX_BUNDLE_DIR) : join(TRAINER, 'dist')
}

/** The stamp of one input: its modification time and size, or undefined when it is gone. */
function stampOf(path) {
  try {
    const s = statSync(path)
    return [s.mtimeMs, s.size]
  } catch {
    return undefined
  }
}

/** Whether every input of a build record is as it was built. */
export function isFresh(record) {
  if (!record || record.builder !== BUILDER || !Array.isArray(record.inputs)) return false
  for (const [path, mtimeMs, size] of record.inputs) {
    const now = stampOf(path)
    if (!now || now[0] !== mtimeMs || now[1] !== size) return false
  }
  return true
}

function readRecord(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, 'current.json'), 'utf8'))
  } catch {
    return undefined
  }
}

/** Writes `text` to `file` through a rename, so a reader sees the old text or the new, whole. */
function writeAtomically(file, text) {
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, text)
  renameSync(tmp, file)
}

/** Builds the bundle into `dir` and makes it current; the build's record. */
export async function buildBundle(dir = bundleDir()) {
  // a bundle folder that cannot be created (a read-only install) fails here, before esbuild is loaded
  mkdirSync(dir, { recursive: true })
  const { build } = await import('esbuild')
  const tmp = join(dir, `.build-${process.pid}-${Date.now()}`)
  const result = await build({
    absWorkingDir: TRAINER,
    entryPoints: ENTRIES,
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    // native and WebAssembly packages stay in node_modules (resolved from trainer/dist, as from trainer/src)
    external: ['@duckdb/*', '@tensorflow/*', 'esbuild', 'tsx'],
    keepNames: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
  })
  // every file read, stamped after the build: a change during the build makes the bundle stale, never wrongly fresh;
  // and what decides how it was built: this file, the trainer's dependencies and the workspace's lockfile
  const decide = [fileURLToPath(import.meta.url), join(TRAINER, 'package.json'), join(TRAINER, '../pnpm-lock.yaml')]
  const inputs = [...new Set([...Object.keys(result.metafile.inputs).map((p) => resolve(TRAINER, p)), ...decide])].sort()
  const stamped = []
  for (const path of inputs) {
    const s = stampOf(path)
    if (s) stamped.push([path, ...s])
  }
  const name = createHash('sha256').update(JSON.stringify([BUILDER, stamped])).digest('hex').slice(0, 16)
  const target = join(dir, name)
  try {
    renameSync(tmp, target)
  } catch {
    // another run built the same sources first: use its folder
    rmSync(tmp, { recursive: true, force: true })
    if (!stampOf(join(target, 'cli.mjs'))) throw new Error(`the bundle could not be moved to ${target}`)
  }
  const record = { builder: BUILDER, dir: name, builtAt: new Date().toISOString(), inputs: stamped }
  writeAtomically(join(dir, 'current.json'), `${JSON.stringify(record)}\n`)
  prune(dir, name)
  return record
}

/** Removes builds (and abandoned partial builds) that no run has started from for a day, the current one kept. */
function prune(dir, current) {
  const now = Date.now()
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === current) continue
    const path = join(dir, entry.name)
    const s = stampOf(path)
    if (s && now - s[0] > DAY_MS) rmSync(path, { recursive: true, force: true })
  }
}

/**
 * The CLI module to import: the bundle's, built first when it is stale; undefined when `AUSPEX_FROM_SOURCE` is set
 * or the build fails (the sources then run through tsx, which reports what is wrong with them).
 */
export async function cliEntry(dir = bundleDir()) {
  if (process.env.AUSPEX_FROM_SOURCE === '1') return undefined
  let record = readRecord(dir)
  if (!isFresh(record) || !stampOf(join(dir, record.dir, 'cli.mjs'))) {
    try {
      record = await buildBundle(dir)
    } catch {
      return undefined
    }
  }
  const folder = join(dir, record.dir)
  try {
    // marks the build as in use, for prune(); a read-only install (built beforehand) runs it all the same
    const t = new Date()
    utimesSync(folder, t, t)
  } catch {}
  return pathToFileURL(join(folder, 'cli.mjs')).href
}
