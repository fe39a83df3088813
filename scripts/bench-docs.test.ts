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

  it('shows the scale-out budgets from the trainer fit and scale benches', () => {
    const runOf = (seconds: number) => ({ seconds, cpuSeconds: seconds * 1.5, peakMb: 1000 + seconds })
    writeFileSync(join(tmp, 'trainer.json'), JSON.stringify({
      at: '2030-01-02T00:00:00Z', fit: { seconds: 4.25, cpuSeconds: 4.1, rows: 300_000 },
      scale: { events: 10_000_000, trainFromCsv: runOf(41.9), trainFromShards: runOf(28.1), scoreCsv2: runOf(20), scoreCsv1: runOf(30), scoreShards: runOf(8) },
    }))
    const table = renderTable(collectResults(tmp))
    expect(table).toContain('| ≤ 5 s (part of the 30 s below) | 4.3 s (4.1 s CPU) |')
    expect(table).toContain('41.9 s (62.8 CPU-s), 1042 MB peak / 28.1 s (42.2 CPU-s), 1028 MB peak')
    expect(table).toContain('0.50 M events/s: 20.0 s (30.0 CPU-s), 1020 MB peak; from shards 1.25 M events/s')
    expect(table).toContain('| ≥ 1.7× | 1.50× (30.0 s vs 20.0 s) |')
  })

  it('refuses a README without the markers', () => {
    expect(() => withTable('# no table here', renderTable(committed()))).toThrow(/bench:start/)
  })
})
