import { describe, expect, it } from 'vitest'
import { fixtureResult } from './fixture-result.ts'
import { renderReport } from './render-report.ts'
import type { ReportSegments } from '../types.ts'

const segments: ReportSegments = {
  asOf: '2011-07-12T00:00:00.000Z',
  population: 3060,
  segments: [
    { name: 'likely-buyers', description: 'High <b>propensity</b>', size: 84, share: 84 / 3060, meanScore: 79.25 },
    { name: 'nobody', size: 0, share: 0, meanScore: null },
  ],
  needs: [{ name: 'rescue', goals: ['churn-90d'] }, { name: 'loyal', description: 'Low churn', goals: ['churn-90d'] }],
}

describe('report: segments section', () => {
  it('is absent without segment rules', () => {
    expect(renderReport(fixtureResult())).not.toContain('<section id="segments">')
  })

  it('shows size, share and mean score per rule of this goal, and lists the others as "needs <goal>"', () => {
    const html = renderReport({ ...fixtureResult(), segments })
    const section = /<section id="segments">[\s\S]*?<\/section>/.exec(html)?.[0] ?? ''
    expect(section).toContain('3,060 profiles eligible at 2011-07-12')
    expect(section).toContain('<tr><td>likely-buyers</td><td>High &lt;b&gt;propensity&lt;/b&gt;</td><td>84</td><td>2.7 %</td><td>79.3</td></tr>')
    expect(section).toContain('<tr><td>nobody</td><td></td><td>0</td><td>0.0 %</td><td>–</td></tr>')
    expect(section).toMatch(/<li><strong>rescue<\/strong>: needs churn-90d<\/li><li><strong>loyal<\/strong>: needs churn-90d <span class="small">\(Low churn\)<\/span><\/li>/)
    expect(section).not.toContain('<b>')
    // placed after the factors and before the data summary
    expect(html.indexOf('id="factors"')).toBeLessThan(html.indexOf('id="segments"'))
    expect(html.indexOf('id="segments"')).toBeLessThan(html.indexOf('id="data"'))
  })

  it('says so when no rule reads only this goal', () => {
    const html = renderReport({ ...fixtureResult(), segments: { ...segments, segments: [] } })
    expect(html).toContain('No rule reads only this goal.')
  })
})
