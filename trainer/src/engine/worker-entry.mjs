// Entry of a local engine's worker thread: registers tsx (the sources are TypeScript, as in bin/auspex.js), then
// loads the worker.
import { register } from 'tsx/esm/api'

register()
await import('./shard-worker.ts')
