import { compileGoal, loadModel, type GoalSpec, type Model } from '@auspex/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { repurchaseCase } from '../cases/repurchase.ts'
import { DAY } from '../cases/case-types.ts'
import { compareModels, goalMismatch } from './compare.ts'
import { evaluate } from './evaluate.ts'
import { memorySource } from './memory-source.ts'
import { train } from './train.ts'

const data = repurchaseCase(11, 700)
const cut = data.cut
const narrowGoal: GoalSpec = { ...data.goal, name: 'repurchase-14d-recent', eligible: { activeWithin: '30d' } }
const source = () => memorySource(data.events)
const trained = async (goal: GoalSpec, before?: number) =>
  loadModel((await train(source(), goal, { seed: 1, maxExamples: 3000, ...(before === undefined ? {} : { before }) })).artifact)

let older: Model
let newer: Model
let narrow: Model
let inSample: Model
beforeAll(async () => {
  older = await trained(data.goal, cut - 60 * DAY)
  newer = await trained(data.goal, cut)
  narrow = await trained(narrowGoal, cut)
  inSample = await trained(data.goal)
}, 120_000)

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string; message: string }) => `${e.code}: ${e.message}`)

describe('compareModels', () => {
  it('scores both models on the same profiles; their metrics are single-model evaluate\'s, the difference B − A', async () => {
    const c = await compareModels([older, newer], source(), cut)
    const [a, b] = c.models
    const alone = [await evaluate(older, source(), cut), await evaluate(newer, source(), cut)]
    expect(a.evaluation.n).toBe(b.evaluation.n)
    expect(c.population.n).toBe(alone[0]!.evaluation.n)
    expect(c.population.positives).toBe(a.positives)
    expect(b.positives).toBe(a.positives)
    expect(a.auc).toBe(alone[0]!.auc)
    expect(b.auc).toBe(alone[1]!.auc)
    for (const k of ['auc', 'prAuc', 'logLoss', 'brier', 'ece'] as const) expect(c.difference[k]).toBe(b[k] - a[k])
    expect(c.difference.aucInterval.difference).toBeCloseTo(c.difference.auc, 12)
    expect(c.difference.aucInterval.low).toBeLessThanOrEqual(c.difference.auc)
    expect(c.difference.aucInterval.high).toBeGreaterThanOrEqual(c.difference.auc)
    expect(c.difference.aucInterval).toMatchObject({ level: 0.95, resamples: 1000, seed: 1 })
    expect(c).toMatchObject({ asOf: new Date(cut).toISOString(), comparable: true, labelWindow: [new Date(cut).toISOString(), new Date(cut + 14 * DAY).toISOString()] })
    expect(c.reason).toBeUndefined()
    expect(a.evaluation.population).toBe('profiles eligible under both models\' goals at the cut-off')
  })

  it('uses the profiles eligible under both goals when eligibility differs', async () => {
    const c = await compareModels([newer, narrow], source(), cut)
    const wide = await evaluate(newer, source(), cut)
    const small = await evaluate(narrow, source(), cut)
    expect(small.evaluation.n).toBeLessThan(wide.evaluation.n)
    expect(c.population.n).toBe(small.evaluation.n)
    expect(c.models[0].evaluation.n).toBe(c.models[1].evaluation.n)
    expect(c.models[1].auc).toBe(small.auc)
  })

  it('says a model trained on events after the cut-off makes the comparison in-sample, not comparable', async () => {
    const c = await compareModels([older, inSample], source(), cut)
    expect(c.comparable).toBe(false)
    expect(c.reason).toMatch(/^model B \(.+\) was trained on events before .+, after the cut-off, so it has seen the outcomes it is scored on \(in-sample\); train both with --before /)
    expect(c.reason).not.toContain('model A')
    expect(c.models[1].warnings[0]).toMatch(/^in-sample: /)
    expect(c.models[0].warnings.filter((w) => w.startsWith('in-sample'))).toEqual([])
  })

  it('refuses goals that label differently, and a window past the data', async () => {
    const weekly = await trained({ ...data.goal, name: 'repurchase-7d', window: '7d' }, cut - 60 * DAY)
    expect(await codeOf(compareModels([older, weekly], source(), cut))).toMatch(/^EVAL_GOALS_DIFFER: compare at .*: the goals differ in window \(repurchase-14d: 14d; repurchase-7d: 7d\), so the models' labels would differ/)
    expect(await codeOf(compareModels([older, newer], source(), cut + 60 * DAY))).toMatch(/^EVAL_WINDOW_PAST_DATA: /)
  })
})

describe('goalMismatch', () => {
  const goal = (spec: Partial<GoalSpec>) => compileGoal({ ...data.goal, ...spec })

  it('accepts equal outcomes whatever their key order and differing eligibility', () => {
    const outcome = { anyOf: [{ type: 'purchase', where: [{ field: 'value', op: '>' as const, value: 0 }] }] }
    const reordered = { anyOf: [{ where: [{ value: 0, op: '>' as const, field: 'value' }], type: 'purchase' }] }
    expect(goalMismatch(goal({ outcome }), goal({ outcome: reordered, eligible: { activeWithin: '7d' } }))).toBeUndefined()
    expect(goalMismatch(goal({ outcome }), goal({}))).toMatch(/^the goals differ in outcome /)
  })

  it('names each difference: outcome, window, propensity', () => {
    const m = goalMismatch(goal({}), goal({ name: 'x', outcome: { anyOf: [{ type: 'return' }] }, window: '30d', propensity: 'churn' }))
    expect(m).toBe('the goals differ in outcome (repurchase-14d: {"anyOf":[{"type":"purchase"}]}; x: {"anyOf":[{"type":"return"}]}), ' +
      'window (repurchase-14d: 14d; x: 30d), propensity (repurchase-14d: conversion; x: churn), so the models\' labels would differ; compare versions of one goal')
  })
})
