import type { SurveyTask } from '@auspex/shard'
import { describe, expect, it } from 'vitest'
import { oneTask, QueuesEngineError } from './queues.ts'

const task: SurveyTask = { kind: 'survey', goal: { name: 'g', propensity: 'conversion', outcome: { anyOf: [{ type: 'purchase' }] }, window: '30d' }, end: 1 }

describe('the queues engine runs one task on every shard', () => {
  it('takes a plain task, or a per-shard function that gives every shard the same task', () => {
    expect(oneTask(task, 4, undefined)).toBe(task)
    const asked: number[] = []
    expect(oneTask((i) => { asked.push(i); return task }, 4, undefined)).toBe(task)
    expect(asked).toEqual([0, 1, 2, 3])
    expect(oneTask(task, 3, [0, 1, 2])).toBe(task)
  })

  it('refuses a subset of the shards, and tasks that differ between shards (INTERNAL: a caller bug, never a silent wrong merge)', () => {
    const subset = (() => { try { oneTask(task, 4, [1, 3]); return undefined } catch (e) { return e } })()
    expect(subset).toBeInstanceOf(QueuesEngineError)
    expect((subset as QueuesEngineError).code).toBe('INTERNAL')
    expect((subset as Error).message).toMatch(/not on 2 of 4/)
    expect(() => oneTask((i) => ({ ...task, end: i }), 2, undefined)).toThrow(/differ between shards/)
  })
})
