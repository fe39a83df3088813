// Entry of a CSV parse thread when the CLI runs from its sources: registers tsx (they are TypeScript), then loads the
// thread's module. In the CLI's bundle (bin/bundle.mjs) the entry of this name is that module, built.
import { register } from 'tsx/esm/api'

register()
await import('./csv-parse-worker.ts')
