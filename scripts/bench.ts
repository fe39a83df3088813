/**
 * `pnpm bench`: every package's `bench/run.ts`, in turn, printing its figures against the budgets in DESIGN.md.
 * `pnpm bench core edge` runs only the named packages. JSON results land in `.auspex/bench/`; then
 * `scripts/bench-docs.ts` copies their figures into `scripts/bench-results.json` and re-renders the README table.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { PACKAGES, ROOT } from './workspace.ts'

const filters = process.argv.slice(2)
console.log(`auspex bench — ${new Date().toISOString()} — ${cpus()[0]?.model ?? 'CPU'} ×${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`)
let failures = 0
for (const dir of PACKAGES) {
  const script = join(dir, 'bench/run.ts')
  if (!existsSync(join(ROOT, script))) continue
  if (filters.length > 0 && !filters.some((f) => dir.includes(f))) continue
  console.log(`\n▶ ${dir}`)
  const run = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [script], { cwd: ROOT, stdio: 'inherit' })
  if (run.status !== 0) {
    failures++
    console.log(`✗ ${script} exited ${run.status}`)
  }
}
const docs = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/bench-docs.ts'], { cwd: ROOT, stdio: 'inherit' })
if (docs.status !== 0) failures++
process.exit(failures === 0 ? 0 : 1)
