/**
 * Child of bench/scale.ts: reads an export with `readEvents` (2 threads) and prints the seconds to read and to sort it
 * as JSON. `--reader duckdb` sends a CSV to DuckDB instead of the fast CSV reader.
 */
import { readEvents } from '../src/ingest/index.ts'

const path = process.argv[2]!
const reader = process.argv.includes('--reader') ? process.argv[process.argv.indexOf('--reader') + 1] : 'auto'
const started = performance.now()
let read = started
const steps = new Set<string>()
const { summary } = await readEvents([path], {
  threads: 2,
  csvReader: reader === 'duckdb' ? 'duckdb' : 'auto',
  onProgress: (p) => {
    steps.add(p.step)
    if (p.step === 'read') read = performance.now()
  },
})
const done = performance.now()
// a fast read handed to DuckDB would measure both: say so
const handedOver = [...steps].some((s) => s.includes('again with DuckDB'))
process.stdout.write(JSON.stringify({ events: summary.events, readSeconds: (read - started) / 1000, sortSeconds: (done - read) / 1000, handedOver }) + '\n')
