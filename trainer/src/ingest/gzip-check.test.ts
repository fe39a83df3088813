import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuspexEvent } from '@auspex/core'
import { openEvents } from './open-events.ts'

const BUNDLED = new URL('../../../data/online-retail/online_retail.csv.gz', import.meta.url).pathname
let dir = ''
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'auspex-truncated-')) })
afterAll(() => rm(dir, { recursive: true, force: true }))

/** The first 80 % of the bytes of `data`. */
const cut = (data: Buffer) => data.subarray(0, Math.floor(data.length * 0.8))

/** Every event of the bundled export. */
async function bundledEvents(): Promise<AuspexEvent[]> {
  const source = await openEvents([BUNDLED], { preset: 'online-retail' })
  const events: AuspexEvent[] = []
  for await (const p of source.profiles()) events.push(...p.events)
  await source.close()
  return events
}

/** `lines` gzipped as `name`, and the same cut at 80 % (`cut-` + name). */
async function writeWholeAndCut(name: string, lines: readonly string[]): Promise<{ whole: string; path: string }> {
  const data = gzipSync(lines.join('\n') + '\n')
  const whole = join(dir, name)
  const path = join(dir, `cut-${name}`)
  await writeFile(whole, data)
  await writeFile(path, cut(data))
  return { whole, path }
}

describe('a truncated gzip export is an error, never a smaller data set', () => {
  it('CSV (DuckDB): the bundled export cut at 80 % of its bytes', async () => {
    const path = join(dir, 'online_retail.csv.gz')
    await writeFile(path, cut(await readFile(BUNDLED)))
    await expect(openEvents([path], { preset: 'online-retail' })).rejects.toMatchObject({ code: 'INGEST_TRUNCATED', message: expect.stringContaining(path) })
  }, 60_000)

  it('CSV (fast path): a plain CSV of the bundled events, gzipped, cut at 80 %', async () => {
    const lines = ['profileId,timestamp,type,value,item', ...(await bundledEvents()).map((e) => `${e.profileId},${new Date(e.timestamp).toISOString()},${e.type},${e.value ?? ''},${e.item ?? ''}`)]
    const { whole, path } = await writeWholeAndCut('plain.csv.gz', lines)
    const steps = new Set<string>()
    const complete = await openEvents([whole], { onProgress: (p) => steps.add(p.step) })
    expect(complete.summary.events).toBe(lines.length - 1)
    expect([...steps].some((s) => s.includes('again with DuckDB'))).toBe(false) // the fast reader read it all
    await complete.close()
    await expect(openEvents([path], {})).rejects.toMatchObject({ code: 'INGEST_TRUNCATED', message: expect.stringContaining(path) })
  }, 60_000)

  it('JSON Lines: the bundled events as JSON Lines, gzipped, cut at 80 %', async () => {
    const lines = (await bundledEvents()).map((e) => JSON.stringify(e))
    const { whole, path } = await writeWholeAndCut('events.jsonl.gz', lines)
    const complete = await openEvents([whole], {})
    expect(complete.summary.events).toBe(lines.length)
    await complete.close()
    await expect(openEvents([path], {})).rejects.toMatchObject({ code: 'INGEST_TRUNCATED', message: expect.stringContaining(path) })
  }, 60_000)
})
