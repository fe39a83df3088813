/**
 * The trainer's bench: `bench/ingest.ts` (this package's ingest), `bench/model.ts` (training and
 * accuracy), `bench/segments.ts` (segment scoring and summary) and `bench/scale.ts` (shards, workers) as child processes, printing their lines. Their JSON lands in
 * `.auspex/bench/trainer-ingest.json`, `trainer-model.json` and `trainer-segments.json`; this merges them into `trainer.json`.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../..')
const OUT = join(ROOT, '.auspex/bench')
let failed = false
const parts: Record<string, unknown> = {}
for (const name of ['ingest', 'model', 'segments', 'scale']) {
  const script = join(import.meta.dirname, `${name}.ts`)
  if (!existsSync(script)) {
    console.log(`trainer ${name}: skipped (bench/${name}.ts does not exist yet)`)
    continue
  }
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] })
  if (run.status !== 0) {
    failed = true
    console.log(`trainer ${name}: bench/${name}.ts exited ${run.status}`)
  }
  const json = join(OUT, `trainer-${name}.json`)
  if (existsSync(json)) parts[name] = JSON.parse(readFileSync(json, 'utf8'))
}
mkdirSync(OUT, { recursive: true })
writeFileSync(join(OUT, 'trainer.json'), JSON.stringify({ at: new Date().toISOString(), ...parts }, null, 2) + '\n')
process.exit(failed ? 1 : 0)
