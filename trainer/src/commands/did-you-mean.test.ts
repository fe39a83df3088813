import { describe, expect, it } from 'vitest'
import { didYouMean } from './did-you-mean.ts'

const COMMANDS = ['train', 'score', 'segments', 'evaluate', 'publish']
const FLAGS = ['help', 'events', 'map', 'preset', 'model', 'as-of', 'out', 'segments', 'json', 'max-examples', 'before', 'goal', 'seed']

describe('didYouMean', () => {
  it('finds typos, swaps, plurals and longer spellings', () => {
    expect(didYouMean('trian', COMMANDS)).toBe('train')
    expect(didYouMean('evalute', COMMANDS)).toBe('evaluate')
    expect(didYouMean('Score', COMMANDS)).toBe('score')
    expect(didYouMean('evnets', FLAGS)).toBe('events')
    expect(didYouMean('goals', FLAGS)).toBe('goal')
    expect(didYouMean('model-dir', FLAGS)).toBe('model')
    expect(didYouMean('asof', FLAGS)).toBe('as-of')
    expect(didYouMean('max-example', FLAGS)).toBe('max-examples')
  })

  it('stays quiet when nothing is close or the guess would be a coin toss', () => {
    expect(didYouMean('zzz', FLAGS)).toBeUndefined()
    expect(didYouMean('s', COMMANDS)).toBeUndefined()
    expect(didYouMean('se', COMMANDS)).toBeUndefined()
    // short words: one edit at most ("mat" → "map"; "sed" → "seed"), and "xyz" is more than one from anything
    expect(didYouMean('mat', FLAGS)).toBe('map')
    expect(didYouMean('sed', FLAGS)).toBe('seed')
    expect(didYouMean('xyz', FLAGS)).toBeUndefined()
    // equally close to two candidates: no guess
    expect(didYouMean('ab', ['ax', 'ay'])).toBeUndefined()
    expect(didYouMean('outt', [])).toBeUndefined()
  })
})
