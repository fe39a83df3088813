/** The `auspex` command line (run as `pnpm auspex …` or `trainer/bin/auspex.js`). */
import { runCli } from './commands/run-cli.ts'
import { processIo } from './commands/io.ts'

process.exitCode = await runCli(process.argv.slice(2), processIo())
