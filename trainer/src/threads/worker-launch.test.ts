/**
 * Worker threads start however the CLI is launched (its bundle, or its sources through tsx), with Node options a
 * thread cannot take among the process's (`--max-old-space-size`, `--perf-basic-prof`: V8 flags). Passing the
 * process's options to a thread explicitly made every parse and shard thread fail to start ("invalid execArgv
 * flags") once such a flag was given.
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { repurchaseCase } from '../cases/index.ts'
import { THREADED_BYTES } from '../ingest/line-chunks.ts'

const BIN = resolve(import.meta.dirname, '../../bin/auspex.js')
const CLI = resolve(import.meta.dirname, '../cli.ts')
const V8_FLAGS = ['--max-old-space-size=1024', '--max-semi-space-size=16']
let tmp = ''
let csv = ''

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'auspex-launch-'))
  const c = repurchaseCase(5, 6000)
  const lines = c.events.map((e) => `${e.profileId},${new Date(e.timestamp).toISOString()},${e.type},${e.value ?? ''}`)
  const text = `profileId,timestamp,type,value\n${lines.join('\n')}\n`
  // large enough to be read in parse threads (line-chunks.ts), so both kinds of thread start
  expect(text.length).toBeGreaterThan(THREADED_BYTES)
  csv = join(tmp, 'events.csv')
  await writeFile(csv, text)
  await writeFile(join(tmp, 'goal.json'), JSON.stringify(c.goal))
})
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

function run(launcher: string[], ...args: string[]): void {
  const r = spawnSync(process.execPath, [...V8_FLAGS, ...launcher, ...args], { encoding: 'utf8' })
  expect(r.status, r.stderr).toBe(0)
}

it.each([
  ['bin/auspex.js (the bundle: bin/bundle.mjs)', [BIN]],
  ['node --import tsx', ['--import', 'tsx', CLI]],
])('shards and scores with 2 workers and V8 flags, launched as %s', (_, launcher) => {
  const shards = join(tmp, `shards-${launcher.length}`)
  run(launcher, 'shard', '--events', csv, '--out', shards, '--workers', '2', '--shards', '2')
  const model = join(tmp, `model-${launcher.length}`)
  run(launcher, 'train', '--events', shards, '--goal', join(tmp, 'goal.json'), '--out', model, '--max-examples', '2000', '--workers', '2')
  run(launcher, 'score', '--model', model, '--events', csv, '--out', join(tmp, `scores-${launcher.length}.csv`), '--workers', '2')
}, 240_000)

it('the bundle and the sources (through tsx) train and score alike: the same score file', async () => {
  // the runs above: shards of the same export, the same seed, so the files match to the byte
  expect(await readFile(join(tmp, 'scores-1.csv'), 'utf8')).toBe(await readFile(join(tmp, 'scores-3.csv'), 'utf8'))
})
