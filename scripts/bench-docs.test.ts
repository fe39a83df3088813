import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { README, RESULTS, collectResults, renderTable, withTable, type BenchResults } from './bench-docs.ts'

const committed = () => JSON.parse(readFileSync(RESULTS, 'utf8')) as BenchResults
const tmp = mkdtempSync(join(tmpdir(), 'auspex-bench-docs-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('the README budget table', () => {
  it('is exactly what pnpm bench:docs renders from the committed scripts/bench-results.json', () => {
    const readme = readFileSync(README, 'utf8')
    expect(readme).toBe(withTable(readme, renderTable(committed())))
  })

  it('takes the figures of a new bench run, and keeps the committed ones of packages not benched', () => {
    writeFileSync(join(tmp, 'sdk.json'), JSON.stringify({ date: '2030-01-01T00:00:00Z', mainEntryGzipBytes: 4000, workerGzipBytes: 20480, trackCallbackP50Ms: 0.5, trackCallbackP95Ms: 2.25, trackCallbackEvents: 400, trackCallbackMisses: 3 }))
    const merged = collectResults(tmp)
    expect(merged.core).toEqual(committed().core)
    const table = renderTable(merged)
    expect(table).toContain('| SDK main-thread entry / worker bundle | ≤ 4 KB / ≤ 40 KB gzip | 3.91 KB / 20.00 KB |')
    expect(table).toContain('2.3 ms p95 (0.5 ms p50; 3 of 400 events timed out, counted at 2 s)')
    expect(table).toContain('sdk 2030-01-01')
  })

  it('refuses a README without the markers', () => {
    expect(() => withTable('# no table here', renderTable(committed()))).toThrow(/bench:start/)
  })
})
