import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

describe('demo README', () => {
  it('shows the same SDK snippet the page runs', () => {
    const readme = readFileSync(join(import.meta.dirname, 'README.md'), 'utf8')
    const snippet = /<!-- demo-snippet:start -->\n```ts\n([\s\S]*?)```\n<!-- demo-snippet:end -->/.exec(readme)?.[1]
    expect(snippet).toBeTruthy()
    const code = readFileSync(join(import.meta.dirname, 'src/auspex-client.ts'), 'utf8')
    // the file adds only its header comment and a type export around the snippet
    const body = code.replace(/^\/\*\*[\s\S]*?\*\/\n/, '').replace(/\nexport type Auspex = [^\n]*\n$/, '')
    expect(body).toBe(snippet)
  })
})
