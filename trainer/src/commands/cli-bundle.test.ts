/**
 * bin/auspex.js runs a bundle of the sources (bin/bundle.mjs): fresh while every file it was built from is unchanged,
 * rebuilt otherwise, safe when several runs build at once. worker-launch.test.ts checks the bundle's scores against
 * the sources'.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUILDER, buildBundle, cliEntry, isFresh, type BuildRecord } from '../../bin/bundle.mjs'

const BIN = resolve(import.meta.dirname, '../../bin/auspex.js')
let tmp = ''
beforeAll(async () => { tmp = await mkdtemp(join(tmpdir(), 'auspex-bundle-')) })
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

describe('isFresh', () => {
  it('holds while every input keeps its time and size, and fails on a change, a removal or another builder', async () => {
    const file = join(tmp, 'input.ts')
    await writeFile(file, 'export const a = 1\n')
    const when = new Date('2026-01-02T03:04:05Z')
    await utimes(file, when, when)
    const record: BuildRecord = { builder: BUILDER, dir: 'x', builtAt: '', inputs: [[file, when.getTime(), 19]] }
    expect(isFresh(record)).toBe(true)
    expect(isFresh({ ...record, builder: BUILDER + 1 })).toBe(false)
    expect(isFresh({ ...record, inputs: [[file, when.getTime(), 20]] })).toBe(false)
    expect(isFresh(undefined)).toBe(false)
    const later = new Date(when.getTime() + 1000)
    await utimes(file, later, later)
    expect(isFresh(record)).toBe(false)
    await rm(file)
    expect(isFresh({ ...record, inputs: [[file, later.getTime(), 19]] })).toBe(false)
  })
})

describe('the bundle', () => {
  it('is built once, with the CLI and both thread entries, and read every source it bundles', async () => {
    const dir = join(tmp, 'one')
    const record = await buildBundle(dir)
    for (const name of ['cli.mjs', 'worker-entry.mjs', 'csv-parse-entry.mjs']) expect(existsSync(join(dir, record.dir, name)), name).toBe(true)
    const inputs = record.inputs.map(([path]) => path)
    expect(inputs).toContain(resolve(import.meta.dirname, '../cli.ts'))
    expect(inputs.some((p) => p.endsWith('packages/core/src/index.ts'))).toBe(true)
    // a change to how it is built (this builder, the dependencies) makes it stale too
    expect(inputs).toContain(resolve(import.meta.dirname, '../../bin/bundle.mjs'))
    expect(inputs).toContain(resolve(import.meta.dirname, '../../../pnpm-lock.yaml'))
    expect(isFresh(record)).toBe(true)
    // fresh: the next run uses it without building again
    const entry = await cliEntry(dir)
    expect(entry).toBe(`file://${join(dir, record.dir, 'cli.mjs')}`)
    expect(JSON.parse(await readFile(join(dir, 'current.json'), 'utf8')).builtAt).toBe(record.builtAt)
    // a build folder removed by hand is built again, not imported
    await rm(join(dir, record.dir), { recursive: true })
    expect(await cliEntry(dir)).toBe(entry)
    expect(existsSync(join(dir, record.dir, 'cli.mjs'))).toBe(true)
  })

  it('serves runs that start at once on no bundle: each gets the same build, none a partial one', async () => {
    const dir = join(tmp, 'race')
    const run = () => new Promise<{ code: number | null; out: string }>((done) => {
      const child = spawn(process.execPath, [BIN, '--help'], { env: { ...process.env, AUSPEX_BUNDLE_DIR: dir } })
      let out = ''
      child.stdout.on('data', (b: Buffer) => { out += b })
      child.on('close', (code) => done({ code, out }))
    })
    const runs = await Promise.all([run(), run(), run(), run()])
    for (const r of runs) {
      expect(r.code).toBe(0)
      expect(r.out).toContain('Usage: auspex <command>')
    }
    const left = (await readdir(dir)).sort()
    // one build folder (they built the same sources) and its record; no partial build left behind
    expect(left.filter((n) => n !== 'current.json')).toHaveLength(1)
    expect(left.some((n) => n.startsWith('.build-'))).toBe(false)
  })
})
