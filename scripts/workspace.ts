/** The workspace's packages, in test order: core first, then what builds on it, cross-package tests last. */
import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '..')
export const PACKAGES = ['packages/core', 'trainer', 'edge', 'packages/sdk', 'demo', 'test', 'scripts']

/** Every `tsconfig*.json` of every package (core has two: its pure sources, and its tests with Node types). */
export function tsconfigs(): string[] {
  return PACKAGES.flatMap((p) => {
    const abs = join(ROOT, p)
    if (!existsSync(abs)) return []
    return readdirSync(abs).filter((f) => /^tsconfig.*\.json$/.test(f)).sort().map((f) => join(p, f))
  })
}

/** Every `vitest*.config.ts` at a package's root: one test suite each. */
export function suites(): Array<{ dir: string; config: string; name: string }> {
  return PACKAGES.flatMap((dir) => {
    const abs = join(ROOT, dir)
    if (!existsSync(abs)) return []
    return readdirSync(abs)
      .filter((f) => /^vitest.*\.config\.(ts|mts|js|mjs)$/.test(f))
      .sort()
      .map((config) => ({ dir, config, name: `${dir}/${config.replace(/^vitest\.?|\.?config\.(ts|mts|js|mjs)$/g, '') || 'unit'}`.replace(/\/$/, '') }))
  })
}
