import { describe, expect, it } from 'vitest'
import { fixtureResult } from './fixture-result.ts'
import { renderReport } from './render-report.ts'

describe('renderReport', () => {
  const html = renderReport(fixtureResult())

  it('renders every section, with an SVG chart per figure', () => {
    for (const id of ['summary', 'distribution', 'lift', 'roc', 'factors', 'data']) expect(html).toContain(`<section id="${id}">`)
    for (const title of ['Score distribution', 'Lift by decile', 'Cumulative gains', 'ROC curve (AUC 0.741)', 'Calibration']) {
      expect(html).toContain(`<title>${title}</title>`)
    }
    expect(html.match(/<svg /g)?.length).toBe(5)
    expect(html).toContain('only 300 positive examples')
    expect(html).toContain('541,909')
    expect(html).toContain('2011-06-01')
    expect(html).toContain('Days since last purchase')
    expect(html).toContain('0.676')
  })

  it('is self-contained: no scripts, no external references', () => {
    expect(html).not.toMatch(/<script|<link |src="http|href="http|url\(/i)
    expect(html.startsWith('<!doctype html>')).toBe(true)
  })

  it('offers a table alternative for each chart', () => {
    expect(html.match(/<details class="data">/g)?.length).toBe(4)
  })

  it('escapes HTML in labels, goal names and warnings', () => {
    const evil = renderReport(fixtureResult({ factorName: '<img src=x onerror=alert(1)>', warnings: ['a & b <script>'], description: 'goal <b>bold</b>' }))
    expect(evil).not.toContain('<img src=x')
    expect(evil).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(evil).toContain('a &amp; b &lt;script&gt;')
    expect(evil).not.toContain('<b>')
    expect(evil).toContain('goal &lt;b&gt;bold&lt;/b&gt;')
  })

  it('draws bars in proportion to the values', () => {
    const heights = [...html.matchAll(/<rect class="bar" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"><title>(\d+)–\d+: ([\d,]+)<\/title>/g)]
      .map((m) => ({ h: Number(m[1]), v: Number(m[3]!.replace(/,/g, '')) }))
    expect(heights.length).toBe(20)
    const ratio = heights[4]!.h / heights[4]!.v
    for (const { h, v } of heights) expect(h).toBeCloseTo(v * ratio, 0)
  })
})
