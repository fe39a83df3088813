import { describe, expect, it } from 'vitest'
import { Dictionary } from './dictionary.ts'
import { spanHash } from './span-index.ts'

/** `text` as the bytes of a line with something before and after it, and its span. */
function span(text: string): [Buffer, number, number, number] {
  const line = Buffer.from(`{"x":"${text}"}`, 'latin1')
  return [line, 6, 6 + text.length, spanHash(line, 6, 6 + text.length)]
}

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

  it('gives one code to a value whichever way it came: by string, by hash, as a span of bytes', () => {
    const d = new Dictionary()
    expect(d.learn(1, 0, 0, 0, 'a')).toBe(0)
    const [la, sa, ea, ha] = span('a')
    expect(d.codeOfSpan(la, sa, ea, ha)).toBe(0) // learned by hash, found as a span
    const [lb, sb, eb, hb] = span('b')
    expect(d.codeOfSpan(lb, sb, eb, hb)).toBe(-1)
    expect(d.addSpan(hb, 'b')).toBe(1)
    expect(d.codeOfSpan(lb, sb, eb, hb)).toBe(1)
    expect(d.learn(2, 0, 0, 0, 'b')).toBe(1) // added as a span, then learned by hash
    expect(d.code('b')).toBe(1)
    expect(d.code('c')).toBe(2)
    const [lc, sc, ec, hc] = span('c')
    expect(d.codeOfSpan(lc, sc, ec, hc)).toBe(2) // added by string, found as a span
    const [lab, sab, eab, hab] = span('ab')
    expect(d.codeOfSpan(lab, sab, eab, hab)).toBe(-1) // a prefix match is no match
    expect(d.values).toEqual(['a', 'b', 'c'])
  })

  it('sorts its codes by value in code unit order, as Array.prototype.sort does', () => {
    const d = new Dictionary()
    const values = ['u10', 'u9', 'U1', '', 'u1', 'é', 'z', 'u100', '\u{1F600}', '\uFFFF']
    values.forEach((v, k) => d.learn(k, 0, 0, 0, v))
    expect([...d.sortedCodes()].map((c) => d.values[c])).toEqual(values.slice().sort())
  })
})
