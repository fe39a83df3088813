import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEvents } from './open-events.ts'

const BUNDLED = new URL('../../../data/online-retail/online_retail.csv.gz', import.meta.url).pathname
let dir = ''
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'auspex-truncated-')) })
afterAll(() => rm(dir, { recursive: true, force: true }))

/** The first 80 % of the bytes of `data`. */
const cut = (data: Buffer) => data.subarray(0, Math.floor(data.length * 0.8))

describe('a truncated gzip export is an error, never a smaller data set', () => {
  it('CSV (DuckDB): the bundled export cut at 80 % of its bytes', async () => {
    const path = join(dir, 'online_retail.csv.gz')
    await writeFile(path, cut(await readFile(BUNDLED)))
    await expect(openEvents([path], { preset: 'online-retail' })).rejects.toMatchObject({ code: 'INGEST_TRUNCATED', message: expect.stringContaining(path) })
  }, 60_000)

  it('CSV (fast path): a plain CSV of the bundled events, gzipped, cut at 80 %', async () => {
    const source = await openEvents([BUNDLED], { preset: 'online-retail' })
    const lines = ['profileId,timestamp,type,value,item']
    for await (const p of source.profiles()) for (const e of p.events) lines.push(`${e.profileId},${new Date(e.timestamp).toISOString()},${e.type},${e.value ?? ''},${e.item ?? ''}`)
    await source.close()
    const whole = join(dir, 'plain.csv.gz')
    const path = join(dir, 'plain-cut.csv.gz')
    const data = gzipSync(lines.join('\n') + '\n')
    await writeFile(whole, data)
    await writeFile(path, cut(data))
    const steps = new Set<string>()
    const complete = await openEvents([whole], { onProgress: (p) => steps.add(p.step) })
    expect(complete.summary.events).toBe(lines.length - 1)
    expect([...steps].some((s) => s.includes('again with DuckDB'))).toBe(false)
    await complete.close()
    await expect(openEvents([path], {})).rejects.toMatchObject({ code: 'INGEST_TRUNCATED', message: expect.stringContaining(path) })
  }, 60_000)

  it('JSON Lines: the bundled events as JSON Lines, gzipped, cut at 80 %', async () => {
    const source = await openEvents([BUNDLED], { preset: 'online-retail' })
    const lines: string[] = []
    for await (const p of source.profiles()) for (const e of p.events) lines.push(JSON.stringify(e))
    await source.close()
    const whole = join(dir, 'events.jsonl.gz')
    const path = join(dir, 'events-cut.jsonl.gz')
    const data = gzipSync(lines.join('\n') + '\n')
    await writeFile(whole, data)
    await writeFile(path, cut(data))
    const complete = await openEvents([whole], {})
    expect(complete.summary.events).toBe(lines.length)
    await complete.close()
    await expect(openEvents([path], {})).rejects.toMatchObject({ code: 'INGEST_TRUNCATED', message: expect.stringContaining(path) })
  }, 60_000)
})
