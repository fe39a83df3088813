import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { PACKAGES, ROOT, dependencyOrder, expandGlobs, suites, workspaceGlobs } from './workspace.ts'

const tmp = mkdtempSync(join(tmpdir(), 'auspex-workspace-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function pkg(dir: string, name: string, deps: string[] = []) {
  mkdirSync(join(tmp, dir), { recursive: true })
  writeFileSync(join(tmp, dir, 'package.json'), JSON.stringify({ name, dependencies: Object.fromEntries(deps.map((d) => [d, 'workspace:*'])) }))
}

describe('the workspace package list', () => {
  it('is every package of pnpm-workspace.yaml, core first, cross-package tests last, then scripts', () => {
    const yaml = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8')
    const listed = expandGlobs(ROOT, workspaceGlobs(yaml))
    expect([...PACKAGES].sort()).toEqual([...listed, 'scripts'].sort())
    expect(PACKAGES[0]).toBe('packages/core')
    expect(PACKAGES.slice(-2)).toEqual(['test', 'scripts'])
    expect(PACKAGES.indexOf('packages/sdk')).toBeLessThan(PACKAGES.indexOf('demo'))
  })

  it('picks up a new package without an edit, after the packages it depends on', () => {
    pkg('packages/a', '@x/a', ['@x/b'])
    pkg('packages/b', '@x/b')
    pkg('tool', '@x/tool', ['@x/a'])
    mkdirSync(join(tmp, 'packages/not-a-package'))
    const globs = workspaceGlobs("packages:\n  - packages/*\n  - 'tool'\nallowBuilds:\n  esbuild: true\n")
    expect(globs).toEqual(['packages/*', 'tool'])
    expect(dependencyOrder(tmp, expandGlobs(tmp, globs))).toEqual(['packages/b', 'packages/a', 'tool'])
  })

  it('refuses globs it cannot expand and dependency cycles, instead of dropping packages', () => {
    expect(() => expandGlobs(tmp, ['packages/**'])).toThrow(/not supported/)
    expect(() => expandGlobs(tmp, ['!packages/b'])).toThrow(/not supported/)
    pkg('cycle/c', '@x/c', ['@x/d'])
    pkg('cycle/d', '@x/d', ['@x/c'])
    expect(() => dependencyOrder(tmp, ['cycle/c', 'cycle/d'])).toThrow(/cycle/)
  })

  it('has a vitest config in every package that holds test files, so no test goes unrun', () => {
    const withSuite = new Set(suites().map((s) => s.dir))
    const hasTests = (dir: string): boolean => readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .some((f) => !f.includes('node_modules') && /\.test\.ts$/.test(f))
    for (const dir of PACKAGES) if (hasTests(dir)) expect(withSuite.has(dir), dir).toBe(true)
  })
})
