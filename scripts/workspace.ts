/**
 * The workspace's packages, in test order: the packages of `pnpm-workspace.yaml`, dependencies before their
 * dependents (core first, cross-package tests last; ties keep the file's order), then `scripts` (the root's own
 * scripts: typed and tested, not a workspace package). A package added to the workspace is type-checked, tested
 * and benched without touching this file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '..')

/** The `packages:` globs of a pnpm-workspace.yaml (`dir` or `dir/*` entries, as this repo uses). */
export function workspaceGlobs(yaml: string): string[] {
  const globs: string[] = []
  let inPackages = false
  for (const line of yaml.split('\n')) {
    if (/^\S/.test(line)) inPackages = /^packages:\s*$/.test(line)
    const item = inPackages ? line.match(/^\s+-\s+['"]?([^'"#\s]+)['"]?/) : null
    if (item) globs.push(item[1]!)
  }
  return globs
}

/** Package folders (relative to `root`) matched by the globs, each with a package.json; throws on a glob it cannot read. */
export function expandGlobs(root: string, globs: string[]): string[] {
  return globs.flatMap((glob) => {
    if (glob.startsWith('!')) throw new Error(`pnpm-workspace.yaml: exclusions (${glob}) are not supported by scripts/workspace.ts`)
    const star = glob.match(/^([^*]+)\/\*$/)
    if (!star && glob.includes('*')) throw new Error(`pnpm-workspace.yaml: glob ${glob} is not supported by scripts/workspace.ts (use dir or dir/*)`)
    const dirs = star ? readdirSync(join(root, star[1]!), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${star[1]}/${d.name}`).sort() : [glob]
    return dirs.filter((d) => existsSync(join(root, d, 'package.json')))
  })
}

/** `dirs` ordered so every package comes after the workspace packages it depends on (stable otherwise). */
export function dependencyOrder(root: string, dirs: string[]): string[] {
  const read = (d: string) => JSON.parse(readFileSync(join(root, d, 'package.json'), 'utf8')) as { name?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> }
  const nameOf = new Map(dirs.map((d) => [read(d).name ?? d, d]))
  const deps = new Map(dirs.map((d) => {
    const pkg = read(d)
    return [d, Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).flatMap((n) => (nameOf.has(n) ? [nameOf.get(n)!] : []))]
  }))
  const done: string[] = []
  while (done.length < dirs.length) {
    const next = dirs.find((d) => !done.includes(d) && deps.get(d)!.every((x) => done.includes(x)))
    if (next === undefined) throw new Error(`workspace packages depend on each other in a cycle: ${dirs.filter((d) => !done.includes(d)).join(', ')}`)
    done.push(next)
  }
  return done
}

export const PACKAGES = [...dependencyOrder(ROOT, expandGlobs(ROOT, workspaceGlobs(readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8')))), 'scripts']

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
