import { describe, expect, it } from 'vitest'
import { spanKey } from './span-key.ts'

const key = (b: Uint8Array, s: number, e: number): string => {
  const out = new Int32Array(4)
  spanKey(b, s, e, out, 0)
  return [...out].join(',')
}

describe('spanKey', () => {
  it('gives 300 k distinct ids of 0–40 bytes 300 k distinct keys, and one key per text wherever it sits', () => {
    const seen = new Set<string>()
    const enc = new TextEncoder()
    for (let k = 0; k < 300_000; k++) {
      // sequential ids of every length: neighbours differ in one byte, in the head, the 16-byte blocks or the tail
      const id = `${'u'.repeat(k % 41)}${k.toString(36)}`.slice(-(k % 41) || undefined)
      const bytes = enc.encode(`x,${id},y`)
      seen.add(key(bytes, 2, 2 + id.length) + '|' + id)
    }
    const keys = new Set([...seen].map((s) => s.split('|')[0]))
    expect(keys.size).toBe(seen.size)
    const a = enc.encode('profile-000123')
    const b = enc.encode('...,profile-000123,...')
    expect(key(b, 4, 18)).toBe(key(a, 0, a.length))
    expect(key(a, 0, a.length)).not.toBe(key(a, 0, a.length - 1))
  })
})
