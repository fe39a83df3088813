// `node --import ./trace-packages.mjs`: prints "package NAME" on stderr for every import of tfjs or DuckDB, so a test
// can tell which heavy packages a command loaded (lazy-imports.test.ts).
import { register } from 'node:module'

register('./trace-packages-hooks.mjs', import.meta.url)
