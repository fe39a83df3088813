import { describe, expect, it } from 'vitest'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'

/**
 * The README's core examples are executed: each ```ts block between the core-examples markers is written to a
 * file and imported; every `console.log(EXPR) // => JSON` line becomes an assertion that EXPR serialises to JSON
 * (a `// => JSON` comment on the line after a console.log works too).
 */
const readmeUrl = new URL('../../../README.md', import.meta.url)
const readme: string = readFileSync(readmeUrl, 'utf8')
const section = readme.split('<!-- core-examples:start -->')[1]?.split('<!-- core-examples:end -->')[0] ?? ''
const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)

function toAssertions(code: string): { source: string; checks: number } {
  const lines = code.split('\n')
  const out: string[] = []
  let checks = 0
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const inline = /^(\s*)console\.log\((.*)\)\s*\/\/ => (.*)$/.exec(line)
    const next = /^\s*\/\/ => (.*)$/.exec(lines[i + 1] ?? '')
    const bare = /^(\s*)console\.log\((.*)\)\s*$/.exec(line)
    if (inline) {
      out.push(`${inline[1]}__check(${inline[2]}, ${JSON.stringify(inline[3]!.trim())})`)
      checks++
    } else if (bare && next) {
      out.push(`${bare[1]}__check(${bare[2]}, ${JSON.stringify(next[1]!.trim())})`)
      checks++
      i++
    } else {
      out.push(line)
    }
  }
  const prelude = 'const __check = (value: unknown, expected: string) => { const actual = JSON.stringify(value); if (actual !== expected) throw new Error(`README example: expected ${expected}, got ${actual}`) }\n'
  return { source: prelude + out.join('\n'), checks }
}

describe('README core examples', () => {
  it('finds the examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3)
  })
  blocks.forEach((block, index) => {
    it(`example ${index + 1} runs and prints what the README says`, async () => {
      const { source, checks } = toAssertions(block)
      expect(checks).toBeGreaterThan(0)
      const dir = new URL('../.auspex/readme/', import.meta.url)
      mkdirSync(dir, { recursive: true })
      const file = new URL(`example-${index + 1}.ts`, dir)
      writeFileSync(file, source)
      await import(/* @vite-ignore */ file.href)
    })
  })
})
