import type { Prediction } from '@auspex/core'
import type { ScoreRow } from '@auspex/shard'
import { describe, expect, it } from 'vitest'
import { scoreColumns, scoreLine } from '../commands/score-writer.ts'
import { createRenderer, type RenderSpec } from './render.ts'

const prediction = (i: number, bucket: Prediction['bucket']): Prediction => ({
  probability: i / 7001, score: i % 100, percentile: i % 101, bucket, modelVersion: 'v1', goal: 'g', eligible: true,
  factors: [
    { code: 'days_since_purchase', label: `Last purchase ${i} days ago — “é😀”`, value: i + 0.5, contribution: -i / 3, importance: 'high', direction: 'down' },
    { code: 'count_view_7d', label: 'Viewed, "quoted", 3×', value: null, contribution: 0.125, importance: 'low', direction: 'up' },
  ],
})

describe('createRenderer', () => {
  it('writes the lines scoreLine writes, UTF-8, across buffer growths, with tallies per goal and segment', () => {
    const spec: RenderSpec = { format: 'csv', columns: scoreColumns({ goal: true, segments: true }), goals: ['a', 'b'], goalColumn: true }
    const renderer = createRenderer(spec)
    const expected: string[] = []
    // ~3 MB of lines: the 1 MB buffer grows twice
    for (let i = 0; i < 7000; i++) {
      const row: ScoreRow = { profileId: `p${i}-ü`, predictions: { a: prediction(i, 'high'), ...(i % 2 ? { b: prediction(i, 'low') } : {}) }, segments: i % 3 ? ['s1'] : [] }
      renderer.add(row)
      for (const goal of spec.goals) {
        const p = row.predictions[goal]
        if (p) expected.push(scoreLine('csv', spec.columns, row.profileId, p, { goal, segments: row.segments! }))
      }
    }
    const out = renderer.finish()
    expect(out.bytes.length).toBeGreaterThan(2 << 20)
    expect(new TextDecoder().decode(out.bytes)).toBe(expected.join('\n') + '\n')
    expect(out).toMatchObject({ profiles: 7000, rows: 10500, buckets: { a: { high: 7000, medium: 0, low: 0 }, b: { high: 0, medium: 0, low: 3500 } }, segments: { s1: 4666 } })
  })

  it('an empty shard renders no bytes', () => {
    const out = createRenderer({ format: 'jsonl', columns: scoreColumns(), goals: ['a'], goalColumn: false }).finish()
    expect(out).toMatchObject({ profiles: 0, rows: 0, buckets: { a: { high: 0, medium: 0, low: 0 } }, segments: {} })
    expect(out.bytes.length).toBe(0)
  })
})
