import { describe, expect, it } from 'vitest'
import { barChart, lineChart } from './charts.ts'
import { fixtureResult } from './fixture-result.ts'
import { renderReport } from './render-report.ts'

/** The tick labels of an SVG chart: [y labels (text-anchor end), x labels (middle)]. */
function tickLabels(svg: string): [string[], string[]] {
  const all = [...svg.matchAll(/<text class="tick" x="[\d.]+" y="[\d.]+" text-anchor="(end|middle)">([^<]*)<\/text>/g)]
  return [all.filter((m) => m[1] === 'end').map((m) => m[2]!), all.filter((m) => m[1] === 'middle').map((m) => m[2]!)]
}

/** Each chart of a report, by its title. */
function charts(html: string): Map<string, string> {
  return new Map([...html.matchAll(/<svg class="chart"[\s\S]*?<title>([^<]*)<\/title>[\s\S]*?<\/svg>/g)].map((m) => [m[1]!, m[0]]))
}

describe('charts: nice ticks', () => {
  it('a bar chart ticks its value axis at 1-2-5 steps up to the first tick covering the largest bar', () => {
    const svg = barChart({ title: 't', desc: 'd', labels: ['a', 'b', 'c'], values: [109, 217, 326], xLabel: 'x', yLabel: 'y' })
    expect(tickLabels(svg)[0]).toEqual(['0', '100', '200', '300', '400'])
    // the top tick is the top of the plot: the tallest bar is 326/400 of it
    const heights = [...svg.matchAll(/<rect class="bar" [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]))
    expect(heights[2]! / heights[0]!).toBeCloseTo(326 / 109, 2)
    expect(heights[2]).toBeCloseTo((326 / 400) * 240, 1)
  })

  it('a line chart ticks both axes nicely', () => {
    const svg = lineChart({ title: 't', desc: 'd', series: [{ name: 's', points: [[0, 0], [0.3, 1.3]] }], xMax: 0.3, yMax: 1.3, xLabel: 'x', yLabel: 'y', format: (v) => String(v) })
    const [ys, xs] = tickLabels(svg)
    expect(ys).toEqual(['0', '0.5', '1', '1.5'])
    expect(xs).toEqual(['0', '0.1', '0.2', '0.3'])
  })

  it('every chart of the report uses nice ticks', () => {
    const byTitle = charts(renderReport(fixtureResult()))
    expect(byTitle.size).toBe(5)
    // the fixture's largest values: 160 profiles in a score band, a top-decile lift of 2×
    expect(tickLabels(byTitle.get('Score distribution')!)[0]).toEqual(['0', '50', '100', '150', '200'])
    expect(tickLabels(byTitle.get('Lift by decile')!)[0]).toEqual(['0.0×', '0.5×', '1.0×', '1.5×', '2.0×'])
    const shares = ['0 %', '20 %', '40 %', '60 %', '80 %', '100 %']
    expect(tickLabels(byTitle.get('Cumulative gains')!)).toEqual([shares, shares])
    const rates = ['0.00', '0.20', '0.40', '0.60', '0.80', '1.00']
    expect(tickLabels(byTitle.get('ROC curve (AUC 0.741)')!)).toEqual([rates, rates])
    const calibration = ['0 %', '20 %', '40 %', '60 %', '80 %', '100 %']
    expect(tickLabels(byTitle.get('Calibration')!)).toEqual([calibration, calibration])
  })
})
