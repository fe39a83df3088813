import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'

/** Core must stay isomorphic: no dependencies, no Node built-ins, no DOM — so it runs in Node, workerd and browsers. */
describe('core is pure', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as Record<string, unknown>
  const sources = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))

  it('has no runtime dependencies and no side effects', () => {
    expect(pkg.dependencies ?? {}).toEqual({})
    expect(pkg.sideEffects).toBe(false)
  })

  it.each(sources)('%s imports nothing but core files and touches no host globals', (file) => {
    const text = readFileSync(new URL(file, import.meta.url), 'utf8')
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]!)
    expect(imports.filter((p) => !p.startsWith('./'))).toEqual([])
    expect(text).not.toMatch(/\b(window|document|process|globalThis|require)\b[.(]/)
  })
})
