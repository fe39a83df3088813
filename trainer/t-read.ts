import { readEventColumns } from './src/ingest/index.ts'
const t = performance.now()
const { summary } = await readEventColumns([process.argv[2]!], { threads: Number(process.argv[3] ?? 1) })
console.log('read', ((performance.now() - t) / 1000).toFixed(2), summary.events)
