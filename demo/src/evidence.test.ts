import { describe, expect, it } from 'vitest'
import { evidenceHtml, type VersionEvidence } from './evidence.ts'

const churn: VersionEvidence = {
  version: 'v2',
  fit: ['2010-12-01T09:45:00.001Z', '2011-03-04T04:34:03.401Z'],
  history: ['2010-12-01T09:45:00.001Z', '2011-12-09T12:45:53.001Z'],
  evaluation: { cutoff: '2011-09-10T12:45:53.001Z', labelWindow: ['2011-09-10T12:45:53.001Z', '2011-12-09T12:45:53.001Z'], n: 328 },
  auc: 0.7839,
  ece: 0.0512,
  baselines: { recency: 0.8433, frequency: 0.7338 },
}

describe('a version\'s evidence on the models page', () => {
  it('says what the fit saw and where it was tested, next to the baselines', () => {
    const html = evidenceHtml(churn)
    expect(html).toContain('fit on snapshots from 2010-12-01 to 2011-03-04 (3.0 of the 12.3 months its splits cover)')
    expect(html).toContain('tested on labels 2011-09-10 – 2011-12-09 of 328 profiles')
    expect(html).toContain('AUC <strong data-testid="evidence-auc">0.784</strong> · recency alone 0.843 · frequency alone 0.734 · calibration error 0.051')
  })

  it('says when a one-number rule beats the model, and why when the fit saw under half the history', () => {
    const html = evidenceHtml(churn)
    expect(html).toMatch(/data-testid="evidence-beaten">A one-number rule ranks .* better than the model does: its fit saw less than half of the history/)
    const longFit = evidenceHtml({ ...churn, fit: ['2010-12-01T00:00:00Z', '2011-08-13T00:00:00Z'] })
    expect(longFit).toContain('data-testid="evidence-beaten"')
    expect(longFit).not.toContain('less than half')
    expect(evidenceHtml({ ...churn, auc: 0.85 })).not.toContain('evidence-beaten')
  })

  it('escapes what it shows', () => {
    expect(evidenceHtml({ ...churn, version: '<b>v</b>' })).toContain('<code>&lt;b&gt;v&lt;/b&gt;</code>')
  })

  it('is empty for a version without a recorded split or test', () => {
    expect(evidenceHtml({ ...churn, fit: null, evaluation: null })).toBe('')
    expect(evidenceHtml({ ...churn, fit: null, history: null })).toContain('tested on labels')
  })
})
