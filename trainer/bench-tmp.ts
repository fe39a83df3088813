import { readEvents } from './src/ingest/index.ts'
const t0 = performance.now()
let last = ''
const threads = Number(process.argv[2] ?? 1)
const r = await readEvents(['/work/main/.auspex/bench-data/events-10m.csv.gz'], { threads, onProgress: (p) => { if (p.step !== last) { console.log(((performance.now() - t0) / 1000).toFixed(2), p.step, p.done); last = p.step } } })
console.log('done', ((performance.now() - t0) / 1000).toFixed(2), r.summary.events, (process.memoryUsage().rss/2**20).toFixed(0), 'MB')
