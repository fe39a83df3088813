import { describe, expect, it } from 'vitest'
import { DEFAULT_PENALTY, PENALTY_ROWS, penaltyFor } from './objective.ts'

describe('the penalty as a fixed prior', () => {
  it('is the default penalty at PENALTY_ROWS rows and falls as 1 / rows, the smoothness term with it', () => {
    expect(penaltyFor(PENALTY_ROWS)).toEqual(DEFAULT_PENALTY)
    const big = penaltyFor(10 * PENALTY_ROWS), small = penaltyFor(PENALTY_ROWS / 10)
    expect(big.l2).toBeCloseTo(DEFAULT_PENALTY.l2 / 10, 12)
    expect(big.smooth).toBeCloseTo(DEFAULT_PENALTY.smooth / 10, 12)
    expect(small.l2).toBeCloseTo(DEFAULT_PENALTY.l2 * 10, 12)
    // l2 · rows, the prior's strength in the summed loss, does not depend on the rows
    expect(penaltyFor(123_456).l2 * 123_456).toBeCloseTo(penaltyFor(7_890).l2 * 7_890, 9)
  })
})
