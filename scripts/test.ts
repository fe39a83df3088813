/**
 * `pnpm test`: everything — Chromium check, type-check of every package, then every test suite
 * (unit, workerd, browser, end-to-end), each `vitest*.config.ts` in its own vitest run. Ends with one
 * summary line `Tests: N passed, N failed`. Skipped tests count as failures: nothing is skipped silently.
 * `pnpm test core trainer` runs only the suites whose name contains one of the words.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { ensureChromium } from './ensure-chromium.ts'
import { typecheck } from './typecheck.ts'
import { ROOT, suites } from './workspace.ts'

interface VitestJson {
  numPassedTests: number
  numFailedTests: number
  numPendingTests: number
  numTodoTests: number
  numTotalTestSuites: number
  numFailedTestSuites: number
  success: boolean
}

const filters = process.argv.slice(2)
const chromium = ensureChromium()
process.env.AUSPEX_CHROMIUM = chromium
console.log(`chromium: ${chromium}`)

const typesOk = filters.length > 0 ? true : typecheck()
const outDir = join(ROOT, '.auspex/test-results')
rmSync(outDir, { recursive: true, force: true })
mkdirSync(outDir, { recursive: true })

const rows: Array<{ name: string; passed: number; failed: number; skipped: number; ok: boolean; seconds: number }> = []
for (const suite of suites().filter((s) => filters.length === 0 || filters.some((f) => s.name.includes(f)))) {
  const out = join(outDir, `${suite.name.replace(/[^a-z0-9]+/gi, '-')}.json`)
  console.log(`\n▶ ${suite.name} (${suite.dir}/${suite.config})`)
  const started = Date.now()
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', suite.config, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], {
    cwd: join(ROOT, suite.dir),
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : (process.env.FORCE_COLOR ?? '1') },
  })
  const seconds = (Date.now() - started) / 1000
  if (!existsSync(out)) {
    rows.push({ name: suite.name, passed: 0, failed: 1, skipped: 0, ok: false, seconds })
    console.log(`✗ ${suite.name}: vitest exited ${run.status} without a report (counted as 1 failure)`)
    continue
  }
  const r = JSON.parse(readFileSync(out, 'utf8')) as VitestJson
  const failed = r.numFailedTests + (r.numFailedTestSuites > 0 && r.numFailedTests === 0 ? 1 : 0)
  const skipped = r.numPendingTests + r.numTodoTests
  const ok = run.status === 0 && failed === 0 && skipped === 0 && r.numPassedTests > 0
  rows.push({ name: suite.name, passed: r.numPassedTests, failed: failed + (run.status !== 0 && failed === 0 ? 1 : 0), skipped, ok, seconds })
}

console.log('\nsuite                          passed  failed  skipped  seconds')
for (const r of rows) console.log(`${r.ok ? '✓' : '✗'} ${r.name.padEnd(29)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.skipped).padStart(7)}  ${r.seconds.toFixed(0).padStart(7)}`)
const passed = rows.reduce((s, r) => s + r.passed, 0)
const failed = rows.reduce((s, r) => s + r.failed + r.skipped, 0) + (typesOk ? 0 : 1)
if (!typesOk) console.log('✗ type-check failed (counted as 1 failure)')
if (rows.some((r) => r.skipped > 0)) console.log('✗ skipped tests count as failures: a skipped test hides a missing piece')
if (rows.length === 0) console.log('✗ no test suite found')
const ok = typesOk && rows.length > 0 && rows.every((r) => r.ok)
console.log(`\nTests: ${passed} passed, ${failed} failed`)
process.exit(ok ? 0 : 1)
