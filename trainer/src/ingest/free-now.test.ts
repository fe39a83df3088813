import { describe, expect, it } from 'vitest'
import { EventColumns } from './event-columns.ts'
import { freeNow } from './free-now.ts'

const rssMb = () => process.memoryUsage().rss / 2 ** 20
const turn = () => new Promise((r) => setTimeout(r, 20))

describe('freeNow', () => {
  it('gives the buffers\' memory back on the next turn of the event loop, without a GC', async () => {
    // 4 × 64 MiB, touched: above glibc's largest mmap threshold (32 MiB), so freed memory goes back to the system
    const blocks = Array.from({ length: 4 }, () => new Float64Array(8 << 20).fill(1))
    await turn()
    const before = rssMb()
    freeNow(blocks.map((b) => b.buffer))
    expect(blocks.every((b) => b.length === 0)).toBe(true) // detached: nothing can read freed memory
    await turn()
    // the arrays are still referenced here: only freeNow can have released their memory
    expect(before - rssMb()).toBeGreaterThan(200)
    expect(blocks.length).toBe(4)
  })

  it('is what EventColumns.release does with the records', () => {
    const columns = new EventColumns()
    for (let i = 0; i < 10_000; i++) columns.push(columns.profiles.code(`p${i % 7}`), i, columns.types.code('view'), NaN, -1, -1)
    const block = columns.f64[0]!
    columns.release()
    expect(block.length).toBe(0)
    expect(columns.length).toBe(0)
  })
})
