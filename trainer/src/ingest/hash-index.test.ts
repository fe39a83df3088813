import { describe, expect, it } from 'vitest'
import { HashIndex } from './hash-index.ts'

describe('HashIndex', () => {
  it('maps 128-bit keys to codes through growth, telling keys apart by every word', () => {
    const index = new HashIndex(4)
    let h = 1
    const word = () => { h = (Math.imul(h, 1103515245) + 12345) >>> 0; return h }
    const keys = Array.from({ length: 5000 }, () => [word(), word(), word(), word()] as const)
    keys.forEach(([a, b, c, d], code) => {
      expect(index.get(a, b, c, d)).toBe(-1)
      index.set(a, b, c, d, code)
    })
    expect(index.size).toBe(5000)
    keys.forEach(([a, b, c, d], code) => expect(index.get(a, b, c, d)).toBe(code))
    const [a, b, c, d] = keys[0]!
    // Same low word (same slot), any other word different: another key.
    expect(index.get(a, b ^ 1, c, d)).toBe(-1)
    expect(index.get(a, b, c ^ 1, d)).toBe(-1)
    expect(index.get(a, b, c, d ^ 1)).toBe(-1)
    index.set(a, b, c, d ^ 1, 9999)
    expect(index.get(a, b, c, d ^ 1)).toBe(9999)
    expect(index.get(a, b, c, d)).toBe(0)
  })

  it('keeps the 64-bit keys (two zero words) of high uint32 values', () => {
    const index = new HashIndex()
    index.set(0xffffffff, 0x80000000, 0, 0, 0)
    index.set(0x80000000, 0xffffffff, 0, 0, 1)
    expect(index.get(0xffffffff, 0x80000000, 0, 0)).toBe(0)
    expect(index.get(0x80000000, 0xffffffff, 0, 0)).toBe(1)
  })
})
