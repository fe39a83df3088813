import { describe, expect, it } from 'vitest'
import { SHARD_TIP_SECONDS, shardTip } from './sharded-input.ts'

describe('the tip to shard an export that took long to read', () => {
  it('names the read time and the command to run once, with the given --events (quoted when needed)', () => {
    const tip = shardTip('score', ['exports/events.csv.gz', 'my exports/more.csv'], 11.84)
    expect(tip).toBe('  tip: reading the export took 11.8 s of this run; to score on it again, shard it once ' +
      '(auspex shard --events exports/events.csv.gz --events "my exports/more.csv" --out DIR) and pass --events DIR: later runs skip the read\n')
  })
  it('is not given for a short read, or when nothing was read (a shard folder)', () => {
    expect(shardTip('train', ['e.csv'], SHARD_TIP_SECONDS - 0.1)).toBeUndefined()
    expect(shardTip('train', ['e.csv'], undefined)).toBeUndefined()
    expect(shardTip('train', ['e.csv'], SHARD_TIP_SECONDS)).toMatch(/to train on it again/)
  })
})
