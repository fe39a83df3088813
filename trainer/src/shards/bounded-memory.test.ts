/**
 * Memory is bounded by the shard size, not the export's: `auspex score` on a shard folder four times larger (same
 * shard size) peaks at about the same RSS, measured from outside (GNU time on a child process, threads included;
 * medians of three runs each).
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { repurchaseCase } from '../cases/index.ts'

const CLI = resolve(import.meta.dirname, '../cli.ts')
let tmp = ''

/** Runs the CLI in a child process; its peak RSS in MB. */
function peakMb(...args: string[]): number {
  const stats = join(tmp, 'time.txt')
  const run = spawnSync('/usr/bin/time', ['-f', '%M', '-o', stats, process.execPath, '--import', 'tsx', CLI, ...args], { encoding: 'utf8' })
  expect(run.status, run.stderr).toBe(0)
  return Number(spawnSync('tail', ['-1', stats], { encoding: 'utf8' }).stdout.trim()) / 1024
}

async function export_(name: string, customers: number, shards: number): Promise<string> {
  const c = repurchaseCase(5, customers)
  const file = join(tmp, `${name}.jsonl`)
  await writeFile(file, c.events.map((e) => JSON.stringify({ ...e, timestamp: new Date(e.timestamp).toISOString() })).join('\n') + '\n')
  await writeFile(join(tmp, 'goal.json'), JSON.stringify(c.goal))
  peakMb('shard', '--events', file, '--out', join(tmp, name), '--shards', String(shards))
  return join(tmp, name)
}

beforeAll(async () => { tmp = await mkdtemp(join(tmpdir(), 'auspex-memory-')) })
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

it('scoring 4× the profiles in 4× the shards peaks within 25 % of the smaller run, below the export read whole', async () => {
  const small = await export_('small', 6000, 4)
  const large = await export_('large', 24000, 16)
  const manifest = JSON.parse(await readFile(join(large, 'manifest.json'), 'utf8')) as { summary: { events: number } }
  expect(manifest.summary.events).toBeGreaterThan(600_000)
  const model = join(tmp, 'model')
  peakMb('train', '--events', small, '--goal', join(tmp, 'goal.json'), '--out', model, '--max-examples', '2000', '--workers', '1')
  const score = (folder: string) => peakMb('score', '--model', model, '--events', folder, '--out', join(tmp, 'scores.csv'), '--workers', '1')
  // peak RSS moves ±15 % from run to run with the GC's timing: medians of three alternating runs (as bench/scale.ts)
  const runs = Array.from({ length: 3 }, () => [score(small), score(large)] as const)
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[1]!
  const a = median(runs.map((r) => r[0]))
  const b = median(runs.map((r) => r[1]))
  // measured (single runs): 269 MB and 302 MB, later 155 MB and 195 MB; the large export read whole (not sharded)
  // peaks at 374 MB
  expect(b, `peaks: ${JSON.stringify(runs.map((r) => r.map(Math.round)))}`).toBeLessThan(a * 1.25)
  const whole = peakMb('score', '--model', model, '--events', join(tmp, 'large.jsonl'), '--out', join(tmp, 'scores.csv'), '--workers', '1')
  expect(whole).toBeGreaterThan(b)
}, 300_000)
