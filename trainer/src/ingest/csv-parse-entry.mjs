// Entry of a CSV parse thread: registers tsx (the sources are TypeScript, as in bin/auspex.js), then loads it.
import { register } from 'tsx/esm/api'

register()
await import('./csv-parse-worker.ts')
