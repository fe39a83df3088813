import { describe, expect, it } from 'vitest'
import { progressPrinter, type CliIo } from './io.ts'

function printer(intervalMs = 1000) {
  let t = 0
  const lines: string[] = []
  const io = { stdout() {}, stderr: (text: string) => void lines.push(text.trimEnd()), env: {}, fetch } as unknown as CliIo
  const p = progressPrinter(io, false, intervalMs, () => t)
  return { p, lines, advance: (ms: number) => void (t += ms) }
}

describe('progressPrinter', () => {
  it('shows a quick step once, with its final count, when the next step reports', () => {
    const { p, lines, advance } = printer()
    p({ step: 'read', done: 36, unit: 'rows' })
    advance(300)
    p({ step: 'read', done: 541_909, unit: 'rows' })
    expect(lines).toEqual([])
    p({ step: 'sort', done: 406_829, unit: 'events' })
    expect(lines).toEqual(['  read: 541,909 rows'])
    p.flush()
    expect(lines).toEqual(['  read: 541,909 rows', '  sort: 406,829 events'])
    p.flush()
    expect(lines).toHaveLength(2)
  })

  it('shows a long step about once per interval, then its final count', () => {
    const { p, lines, advance } = printer()
    for (let k = 1; k <= 25; k++) {
      p({ step: 'examples', done: k * 1000, unit: 'examples' })
      advance(100)
    }
    p.flush()
    expect(lines).toEqual(['  examples: 11,000 examples', '  examples: 21,000 examples', '  examples: 25,000 examples'])
  })

  it('prints a report that reaches its total at once, and nothing when quiet', () => {
    const { p, lines } = printer()
    p({ step: 'upload', done: 3, total: 3, unit: 'files' })
    expect(lines).toEqual(['  upload: 3 / 3 files'])
    const quiet: string[] = []
    const q = progressPrinter({ stdout() {}, stderr: (x: string) => void quiet.push(x), env: {}, fetch } as unknown as CliIo, true)
    q({ step: 'read', done: 1 })
    q.flush()
    expect(quiet).toEqual([])
  })
})
