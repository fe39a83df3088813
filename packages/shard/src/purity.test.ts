import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'

/**
 * The shard worker runs in Node worker threads and in workerd (Queues consumers): it imports nothing but its own
 * files and core, and reaches the host only through web.ts (CompressionStream, DecompressionStream, crypto.subtle).
 */
describe('the shard worker is portable', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as Record<string, unknown>
  const sources = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))

  it('depends on @auspex/core only, without side effects', () => {
    expect(pkg.dependencies).toEqual({ '@auspex/core': 'workspace:*' })
    expect(pkg.sideEffects).toBe(false)
  })

  it.each(sources)('%s imports only shard and core files and touches no host global outside web.ts', (file) => {
    const text = readFileSync(new URL(file, import.meta.url), 'utf8')
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]!)
    expect(imports.filter((p) => !p.startsWith('./') && p !== '@auspex/core')).toEqual([])
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')
    if (file !== 'web.ts') expect(code).not.toMatch(/\b(window|document|process|globalThis|require|Buffer)\b[.(]/)
  })
})
