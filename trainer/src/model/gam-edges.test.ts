import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EDGE_SAMPLE_ROWS, featureEdges, quantileEdges } from './gam.ts'

/** quantileEdges as first written: the finite values of a plain array, sorted with a comparator. */
function reference(values: number[], max = 16): number[] {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b)
  if (v.length === 0) return []
  const edges: number[] = []
  for (let k = 1; k <= max; k++) {
    const r = Number(v[Math.min(v.length - 1, Math.floor((k * v.length) / (max + 1)))]!.toPrecision(6))
    if (edges.length === 0 || r > edges[edges.length - 1]!) edges.push(r)
  }
  return edges.length > 0 && edges[0] === v[0] && v.every((x) => x === v[0]) ? [] : edges
}

const value = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 1, 1e-7), fc.integer({ min: -5, max: 5 }))

describe('bin edges', () => {
  it('quantileEdges gives the edges of the plain comparator-sorted version (NaN, ±Infinity, ±0, ties)', () => {
    fc.assert(fc.property(fc.array(value, { maxLength: 200 }), (values) => {
      expect(quantileEdges(Float64Array.from(values))).toEqual(reference(values))
    }), { numRuns: 2000 })
  })

  it('featureEdges gives each column its quantileEdges, for any number of features (blocks of 16 and a rest)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 60 }), fc.integer(), (features, rows, seed) => {
      let s = seed >>> 0
      const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) % 1000) / 10
      const data = Array.from({ length: rows }, () => Float32Array.from({ length: features }, () => (next() < 5 ? NaN : next())))
      const expected = Array.from({ length: features }, (_, f) => quantileEdges(Float64Array.from(data, (x) => x[f]!)))
      expect(featureEdges(data, features)).toEqual(expected)
    }), { numRuns: 200 })
  })

  it(`reads at most EDGE_SAMPLE_ROWS rows, an even stride over all of them`, () => {
    const rows = 2 * EDGE_SAMPLE_ROWS + 7
    // a feature that drifts with the row (time order): a sample of the first rows only would miss the later values
    const data = Array.from({ length: rows }, (_, r) => Float32Array.of(r % 13 === 0 ? NaN : r / rows, r % 5))
    const stride = Math.ceil(rows / EDGE_SAMPLE_ROWS)
    const sampled = data.filter((_, r) => r % stride === 0)
    expect(sampled.length).toBeLessThanOrEqual(EDGE_SAMPLE_ROWS)
    const expected = [0, 1].map((f) => quantileEdges(Float64Array.from(sampled, (x) => x[f]!)))
    expect(featureEdges(data, 2)).toEqual(expected)
    expect(expected[0]!.at(-1)!).toBeGreaterThan(0.9)
  })
})
