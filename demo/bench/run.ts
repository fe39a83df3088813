/**
 * Demo bench (`pnpm bench demo`):
 * 1. time from `pnpm start` to the printed URLs on a clean checkout — measured by running scripts/start.ts
 *    with an empty state dir (`AUSPEX_HOME`) and an empty model cache (`AUSPEX_MODELS_DIR`) in temp dirs and
 *    the demo's generated data removed, so it trains both goals (plus the rollback version), generates the
 *    demo data, starts the edge, publishes and serves — exactly what a fresh clone does (budget < 120 s);
 * 2. the same start again with the models cached (warm start);
 * 3. the demo's page weight (measured first, so it is reported even when the stack cannot start): a
 *    production `vite build` into a temp dir, bytes of the app (HTML, JS, CSS, worker) raw and gzip, and
 *    with the generated data the page fetches.
 * Writes `.auspex/bench/demo.json`.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'
import { generateDemoData } from '../scripts/generate-data.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const DEMO = join(ROOT, 'demo')

async function timeToUrl(env: NodeJS.ProcessEnv): Promise<number> {
  const started = Date.now()
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/start.ts'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', ...env } })
  let out = ''
  child.stdout.on('data', (c: Buffer) => { out += c.toString() })
  child.stderr.on('data', (c: Buffer) => { out += c.toString() })
  try {
    while (!/^\s*shop\s+http/m.test(out)) {
      if (child.exitCode !== null) throw new Error(`pnpm start exited ${child.exitCode}:\n${out.split('\n').slice(-20).join('\n')}`)
      if (Date.now() - started > 600_000) throw new Error(`no URL after 600 s:\n${out.split('\n').slice(-20).join('\n')}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    return (Date.now() - started) / 1000
  } finally {
    try { process.kill(-child.pid!, 'SIGTERM') } catch { /* gone */ }
    const deadline = Date.now() + 15_000
    while (Date.now() < deadline) {
      try { process.kill(-child.pid!, 0) } catch { break }
      await new Promise((r) => setTimeout(r, 100))
    }
    try { process.kill(-child.pid!, 'SIGKILL') } catch { /* gone */ }
  }
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
}

function weigh(list: string[]): { raw: number; gzip: number } {
  return list.reduce((s, f) => {
    const bytes = readFileSync(f)
    return { raw: s.raw + bytes.length, gzip: s.gzip + gzipSync(bytes, { level: 9 }).length }
  }, { raw: 0, gzip: 0 })
}

await generateDemoData() // the build includes the generated data the page fetches
const outDir = mkdtempSync(join(tmpdir(), 'auspex-bench-dist-'))
await build({ configFile: join(DEMO, 'vite.config.ts'), root: DEMO, logLevel: 'warn', build: { outDir, emptyOutDir: true } })
const all = files(outDir)
const app = weigh(all.filter((f) => !f.includes(`${outDir}/generated/`)))
const withData = weigh(all)
rmSync(outDir, { recursive: true, force: true })
const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`
console.log(`demo page weight (app: HTML+JS+CSS+worker): ${kb(app.raw)} raw, ${kb(app.gzip)} gzip`)
console.log(`demo page weight (with catalogue and customer data): ${kb(withData.raw)} raw, ${kb(withData.gzip)} gzip`)

let cold: number | null = null
let warm: number | null = null
let startError: string | null = null
const home = mkdtempSync(join(tmpdir(), 'auspex-bench-home-'))
const models = mkdtempSync(join(tmpdir(), 'auspex-bench-models-'))
try {
  rmSync(join(DEMO, 'public/generated'), { recursive: true, force: true })
  cold = await timeToUrl({ AUSPEX_HOME: home, AUSPEX_MODELS_DIR: models, AUSPEX_DEMO_PORT: '5373', AUSPEX_EDGE_PORT: '8987' })
  console.log(`demo start → URL, clean checkout: ${cold.toFixed(1)} s (budget < 120 s) ${cold < 120 ? 'OK' : 'OVER'}`)
  warm = await timeToUrl({ AUSPEX_HOME: home, AUSPEX_MODELS_DIR: models, AUSPEX_DEMO_PORT: '5373', AUSPEX_EDGE_PORT: '8987' })
  console.log(`demo start → URL, models cached: ${warm.toFixed(1)} s`)
} catch (e) {
  startError = (e as Error).message
  console.log(`✗ demo start → URL: pnpm start did not reach its URL:\n${startError}`)
} finally {
  rmSync(home, { recursive: true, force: true })
  rmSync(models, { recursive: true, force: true })
}

mkdirSync(join(ROOT, '.auspex/bench'), { recursive: true })
writeFileSync(join(ROOT, '.auspex/bench/demo.json'), JSON.stringify({
  startToUrlColdSeconds: cold, startError, startToUrlColdBudgetSeconds: 120, startToUrlWarmSeconds: warm,
  appBytes: app.raw, appGzipBytes: app.gzip, withDataBytes: withData.raw, withDataGzipBytes: withData.gzip,
  measuredAt: new Date().toISOString(),
}, null, 2))
process.exit(cold !== null && cold < 120 ? 0 : 1)
