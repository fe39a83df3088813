import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EDGE_DIR, WRANGLER_ENV } from '../scripts/local-edge.ts'

const outdir = mkdtempSync(join(tmpdir(), 'auspex-edge-dist-'))
afterAll(() => rmSync(outdir, { recursive: true, force: true }))

describe('wrangler deploy --dry-run', () => {
  it('bundles the Worker offline with its bindings', () => {
    const run = spawnSync(join(EDGE_DIR, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', outdir], {
      cwd: EDGE_DIR, encoding: 'utf8', env: { ...process.env, ...WRANGLER_ENV }, timeout: 120_000,
    })
    const output = `${run.stdout}\n${run.stderr}`
    expect(run.status, output).toBe(0)
    expect(output).toContain('env.MODELS')
    expect(output).toContain('env.REGISTRY')
    expect(output).toContain('env.ASSETS')
    expect(output).toContain('env.PROFILES')
    expect(output).toContain('env.PROFILE_STORE')
    expect(output).toContain('--dry-run: exiting now')
    expect(existsSync(join(outdir, 'index.js'))).toBe(true)
    expect(statSync(join(outdir, 'index.js')).size).toBeGreaterThan(10_000)
  })
})
