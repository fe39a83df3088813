import { describe, expect, it } from 'vitest'
import { Dictionary } from './dictionary.ts'

describe('Dictionary', () => {
  it('gives a value learned by hash and the same value looked up by string one code (CSV then JSONL)', () => {
    const d = new Dictionary()
    expect(d.learn(1, 2, 3, 4, 'u1')).toBe(0)
    expect(d.learn(5, 6, 7, 8, 'u2')).toBe(1)
    expect(d.code('u2')).toBe(1)
    expect(d.code('u3')).toBe(2)
    expect(d.codeOfHash(1, 2, 3, 4)).toBe(0)
    expect(d.codeOfHash(9, 9, 9, 9)).toBe(-1)
    expect(d.values).toEqual(['u1', 'u2', 'u3'])
  })

  it('gives a value added by string and then learned by hash one code (JSONL then CSV)', () => {
    const d = new Dictionary()
    expect(d.code('b')).toBe(0)
    expect(d.learn(1, 0, 0, 0, 'a')).toBe(1)
    expect(d.learn(2, 0, 0, 0, 'b')).toBe(0)
    expect(d.codeOfHash(2, 0, 0, 0)).toBe(0)
    expect(d.code('a')).toBe(1)
    expect(d.size).toBe(2)
  })

  it('sorts its codes by value in code unit order, as Array.prototype.sort does', () => {
    const d = new Dictionary()
    const values = ['u10', 'u9', 'U1', '', 'u1', 'é', 'z', 'u100', '\u{1F600}', '\uFFFF']
    values.forEach((v, k) => d.learn(k, 0, 0, 0, v))
    expect([...d.sortedCodes()].map((c) => d.values[c])).toEqual(values.slice().sort())
  })
})
