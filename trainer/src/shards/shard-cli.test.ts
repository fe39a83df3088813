/**
 * `auspex shard` and shard folders through the CLI with the real model: the same artifact and the same scores from
 * the export in one thread, from its shards on worker threads, and from in-memory shards; broken folders refused.
 */
import { cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repurchaseCase } from '../cases/index.ts'
import type { CliIo } from '../commands/io.ts'
import { runCli } from '../commands/run-cli.ts'

const c = repurchaseCase(5, 800)
const cut = new Date(c.cut).toISOString()
let tmp = ''
let events = ''
let goal = ''

function io(): CliIo & { out: string; err: string } {
  const x = { out: '', err: '', env: {}, fetch: globalThis.fetch } as CliIo & { out: string; err: string }
  x.stdout = (t) => { x.out += t }
  x.stderr = (t) => { x.err += t }
  return x
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const x = io()
  const code = await runCli(argv, x)
  return { code, out: x.out, err: x.err }
}

/** model.json without what differs between runs by design (creation time, and the version and hash it enters). */
async function artifactOf(dir: string): Promise<Record<string, unknown>> {
  const { createdAt: _c, version: _v, hash: _h, ...rest } = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as Record<string, unknown>
  return rest
}

const sortedLines = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').sort()

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'auspex-shard-cli-'))
  events = join(tmp, 'events.jsonl')
  goal = join(tmp, 'goal.json')
  await writeFile(events, c.events.map((e) => JSON.stringify({ ...e, timestamp: new Date(e.timestamp).toISOString() })).join('\n') + '\n')
  await writeFile(goal, JSON.stringify(c.goal))
  const r = await cli('shard', '--events', events, '--out', join(tmp, 'shards'), '--shards', '7', '--json')
  expect(r.code, r.err).toBe(0)
})
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

describe('auspex shard', () => {
  it('writes 7 shards of whole profiles and a manifest whose counts add up to the export', async () => {
    const manifest = JSON.parse(await readFile(join(tmp, 'shards', 'manifest.json'), 'utf8')) as { shards: Array<{ events: number; profiles: number }>; summary: { events: number; profiles: number } }
    expect(manifest.shards).toHaveLength(7)
    expect(manifest.summary.events).toBe(c.events.length)
    expect(manifest.shards.reduce((n, s) => n + s.events, 0)).toBe(c.events.length)
    expect(manifest.summary.profiles).toBe(new Set(c.events.map((e) => e.profileId)).size)
    expect(manifest.shards.every((s) => s.profiles > 0)).toBe(true)
  })

  it('train: the same artifact from the export in one thread, from 7 shards on 2 threads and from in-memory shards, with the sampler dropping candidates', async () => {
    const common = ['--goal', goal, '--before', cut, '--seed', '3', '--max-examples', '3000', '--json']
    const runs = [
      ['one', ['--events', events]],
      ['folder', ['--events', join(tmp, 'shards'), '--workers', '2']],
      ['memory', ['--events', events, '--workers', '2']],
    ] as const
    const artifacts = []
    for (const [name, args] of runs) {
      const r = await cli('train', ...args, ...common, '--out', join(tmp, `m-${name}`))
      expect(r.code, r.err).toBe(0)
      artifacts.push(await artifactOf(join(tmp, `m-${name}`)))
    }
    const training = artifacts[0]!.training as { candidates: number; examples: number }
    expect(training.candidates).toBeGreaterThan(training.examples)
    expect(training.examples).toBe(3000)
    expect(artifacts[1]).toEqual(artifacts[0])
    expect(artifacts[2]).toEqual(artifacts[0])
  }, 180_000)

  it('score and evaluate take the folder: the same rows as the export', async () => {
    const model = join(tmp, 'm-one')
    const one = join(tmp, 'one.csv')
    const folder = join(tmp, 'folder.csv')
    expect((await cli('score', '--model', model, '--events', events, '--as-of', cut, '--out', one)).code).toBe(0)
    const r = await cli('score', '--model', model, '--events', join(tmp, 'shards'), '--as-of', cut, '--out', folder, '--workers', '2')
    expect(r.code, r.err).toBe(0)
    const rows = await sortedLines(one)
    expect(rows.length).toBeGreaterThan(100)
    expect(await sortedLines(folder)).toEqual(rows)
    const a = await cli('evaluate', '--model', model, '--events', events, '--as-of', cut, '--json')
    const b = await cli('evaluate', '--model', model, '--events', join(tmp, 'shards'), '--as-of', cut, '--json')
    expect(b.code, b.err).toBe(0)
    const auc = (out: string) => (JSON.parse(out) as { auc: number }).auc
    expect(auc(b.out)).toBeCloseTo(auc(a.out), 12)
  }, 120_000)

  it('a truncated shard fails naming its file and the fix; an altered manifest is refused', async () => {
    const broken = join(tmp, 'broken')
    await cp(join(tmp, 'shards'), broken, { recursive: true })
    await truncate(join(broken, 'shard-0003.bin.gz'), 100)
    const r = await cli('score', '--model', join(tmp, 'm-one'), '--events', broken, '--out', join(tmp, 'x.csv'), '--workers', '2')
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/SHARD_CORRUPT.*shard-0003\.bin\.gz.*auspex shard/)
    const altered = join(tmp, 'altered')
    await cp(join(tmp, 'shards'), altered, { recursive: true })
    const manifest = JSON.parse(await readFile(join(altered, 'manifest.json'), 'utf8')) as { shards: Array<{ events: number }> }
    manifest.shards[0]!.events += 1
    await writeFile(join(altered, 'manifest.json'), JSON.stringify(manifest))
    const m = await cli('evaluate', '--model', join(tmp, 'm-one'), '--events', altered, '--as-of', cut)
    expect(m.code).toBe(1)
    expect(m.err).toContain('SHARD_MANIFEST_MISMATCH')
  }, 60_000)

  it('refuses --workers out of range and --map with a shard folder (exit 2)', async () => {
    for (const w of ['0', '65', 'two']) {
      const r = await cli('score', '--model', join(tmp, 'm-one'), '--events', events, '--out', join(tmp, 'y.csv'), '--workers', w)
      expect(r.code).toBe(2)
      expect(r.err).toContain('--workers')
    }
    const r = await cli('train', '--events', join(tmp, 'shards'), '--map', 'profileId=user', '--goal', goal, '--out', join(tmp, 'z'))
    expect(r.code).toBe(2)
    expect(r.err).toContain('shard folder')
  })
})
