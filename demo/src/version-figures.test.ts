import { describe, expect, it } from 'vitest'
import { aucColumn, type Evaluation } from './version-figures.ts'

const window = (from: string, to: string, n = 412): Evaluation => ({ cutoff: `${from}T00:00:00.000Z`, labelWindow: [`${from}T00:00:00.000Z`, `${to}T00:00:00.000Z`], n })

describe('the versions table\'s AUC column', () => {
  it('shows the AUCs, with their window, when every version was evaluated on the same one', () => {
    const w = window('2011-08-02', '2011-09-01')
    const col = aucColumn([{ version: 'a', auc: 0.74, evaluation: w }, { version: 'b', auc: 0.7512, evaluation: { ...w } }])
    expect(col.header).toBe('Hold-out AUC (labels 2011-08-02 – 2011-09-01)')
    expect([col.cell('a'), col.cell('b'), col.cell('unknown')]).toEqual(['0.740', '0.751', '—'])
    expect(col.note).toBe('')
  })

  it('shows no AUC side by side when the windows differ: each version\'s window, and how to compare on one', () => {
    const col = aucColumn([
      { version: 'old', auc: 0.943, evaluation: window('2011-07-04', '2011-08-03', 1900) },
      { version: 'new', auc: 0.92, evaluation: window('2011-11-09', '2011-12-09', 2647) },
    ])
    expect(col.header).toBe('Evaluated on')
    expect(col.cell('old')).toBe('labels 2011-07-04 – 2011-08-03, 1,900 profiles')
    expect(col.cell('new')).toBe('labels 2011-11-09 – 2011-12-09, 2,647 profiles')
    for (const v of ['old', 'new']) expect(col.cell(v)).not.toMatch(/0\.9/)
    expect(col.note).toContain('auspex evaluate --model A --model B')
  })

  it('a version without its window cannot be placed: the AUCs are not shown side by side', () => {
    const col = aucColumn([{ version: 'a', auc: 0.8, evaluation: window('2011-08-02', '2011-09-01') }, { version: 'b', auc: 0.7, evaluation: null }])
    expect(col.header).toBe('Evaluated on')
    expect(col.cell('b')).toBe('—')
  })

  it('one version: its AUC and window', () => {
    const col = aucColumn([{ version: 'a', auc: 0.8, evaluation: window('2011-08-02', '2011-09-01') }])
    expect(col.cell('a')).toBe('0.800')
    expect(col.note).toBe('')
  })
})
