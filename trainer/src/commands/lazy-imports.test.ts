/**
 * A command loads only the heavy packages it uses: scoring and evaluating never load tfjs (training's), and JSON
 * Lines, shard folders and plain CSVs (the fast CSV reader's) never load DuckDB (together ~0.5 s of the 1.57 s `auspex score` took on the bundled
 * data's shards). Checked from outside, in a child process whose resolve hook reports every tfjs and DuckDB import.
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { repurchaseCase } from '../cases/index.ts'

const CLI = resolve(import.meta.dirname, '../cli.ts')
const TRACE = resolve(import.meta.dirname, '../../test-fixtures/hooks/trace-packages.mjs')
const CSV = resolve(import.meta.dirname, '../../test-fixtures/events.csv')
const RETAIL = resolve(import.meta.dirname, '../../test-fixtures/online-retail-sample.csv')
let tmp = ''

/** Runs the CLI; the heavy packages it imported (sorted, once each). */
function packagesOf(...args: string[]): string[] {
  const run = spawnSync(process.execPath, ['--import', TRACE, '--import', 'tsx', CLI, ...args], { encoding: 'utf8' })
  expect(run.status, run.stderr).toBe(0)
  return [...new Set([...run.stderr.matchAll(/^package (\S+)$/gm)].map((m) => m[1]!))].sort()
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'auspex-lazy-'))
  const c = repurchaseCase(5, 1500)
  await writeFile(join(tmp, 'events.jsonl'), c.events.map((e) => JSON.stringify({ ...e, timestamp: new Date(e.timestamp).toISOString() })).join('\n') + '\n')
  await writeFile(join(tmp, 'goal.json'), JSON.stringify(c.goal))
})
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

it('train loads tfjs; score, evaluate and shard on JSON Lines, shards or a plain CSV load neither; a CSV mapped with SQL loads DuckDB', () => {
  const events = join(tmp, 'events.jsonl')
  const model = join(tmp, 'model')
  expect(packagesOf('train', '--events', events, '--goal', join(tmp, 'goal.json'), '--out', model, '--max-examples', '2000', '--workers', '1'))
    .toEqual(expect.arrayContaining(['@tensorflow/tfjs']))
  expect(packagesOf('shard', '--events', events, '--out', join(tmp, 'shards'), '--shards', '2')).toEqual([])
  expect(packagesOf('score', '--model', model, '--events', join(tmp, 'shards'), '--out', join(tmp, 'a.csv'), '--workers', '1')).toEqual([])
  expect(packagesOf('score', '--model', model, '--events', events, '--out', join(tmp, 'b.csv'), '--workers', '1')).toEqual([])
  expect(packagesOf('evaluate', '--model', model, '--events', events, '--as-of', '2019-10-01T00:00:00Z')).toEqual([])
  expect(packagesOf('segments', '--help')).toEqual([])
  // a plain CSV is read by the fast CSV reader; one mapped with SQL (the Online Retail preset) by DuckDB
  expect(packagesOf('shard', '--events', CSV, '--out', join(tmp, 'plain-shards'), '--shards', '2')).toEqual([])
  expect(packagesOf('shard', '--events', RETAIL, '--out', join(tmp, 'csv-shards'), '--shards', '2')).toEqual(['@duckdb/node-api'])
}, 180_000)
