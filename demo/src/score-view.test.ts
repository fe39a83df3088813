import type { Factor } from '@auspex/core'
import { describe, expect, it } from 'vitest'
import { renderChange, signedPoints } from './change-view.ts'
import { durationWords, goalSense, isGoodForBusiness, senseFromGoalFiles } from './goal-sense.ts'
import { describeCause, readChanges, roundToSum, summarizeTerms, type ScoreChanges } from './score-changes.ts'
import { renderFactors, renderScoreBody, type PanelScore } from './score-view.ts'
import { problemLevel } from './sdk-problems.ts'

/** Every value of attribute `name` in `html`, as numbers. */
const numbers = (html: string, name: string): number[] => [...html.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => Number(m[1]))
const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0)

const factor = (code: string, contribution: number): Factor => ({
  code, label: `label of ${code}`, value: 1, contribution, importance: 'medium', direction: contribution >= 0 ? 'up' : 'down',
})

const score = (over: Partial<PanelScore> & { changes?: unknown } = {}): PanelScore => ({
  probability: 0.42, score: 42, percentile: 60, bucket: 'medium', factors: [factor('a', 0.3), factor('b', -0.2)],
  modelVersion: 'v1', eligible: true, ...over,
})

// terms that add up to the logit, as the SDK delivers them (Σ delta = logit)
const terms = [
  { code: 'cart_today', label: 'Added to cart 2× today', delta: 0.31 },
  { code: 'visits_today', label: '1 visit today', delta: 0.15 },
  { code: 'hour', label: 'Hour of day 13', delta: -0.021 },
  { code: 'days_since', label: 'Last seen today', delta: -0.012 },
  { code: 'events_visit', label: '3 events in this visit', delta: -0.007 },
]
const changes: ScoreChanges = { points: 4, logit: sum(terms.map((t) => t.delta)), probability: 0.04, terms, cause: ['addToCart'], since: 1 }

describe('why a score moved', () => {
  it('names the action and shows deltas that add up to the log-odds change', () => {
    const html = renderChange('purchase-30d', changes, 'conversion')
    expect(html).toContain('data-testid="change-purchase-30d"')
    expect(html).toMatch(/<strong[^>]*>\+4 points<\/strong> since your last action \(<span data-testid="change-cause-purchase-30d">added to cart<\/span>\)/)
    const deltas = numbers(html, 'data-delta')
    const [logit] = numbers(html, 'data-logit')
    expect(deltas).toHaveLength(4) // three largest, then the two smaller ones summed
    expect(sum(deltas)).toBeCloseTo(logit!, 12)
    expect(html).toContain('data-rest="2"')
    expect(html).toContain('2 smaller changes')
    // the printed, rounded values add up to the printed total too
    const printed = [...html.matchAll(/class="change-num">([^<]*)</g)].map((m) => Number(m[1]!.replace('−', '-')))
    expect(sum(printed)).toBeCloseTo(Number(contributionText(html).replace('−', '-')), 10)
  })

  it('shows every term when there are few, and says when time passed with no event', () => {
    const html = renderChange('g', { ...changes, terms: terms.slice(0, 2), logit: 0.46, cause: [] }, 'conversion')
    expect(html).not.toContain('data-rest')
    expect(numbers(html, 'data-delta')).toEqual([0.31, 0.15])
    expect(html).toContain('time passed, no new events')
  })

  it('colours changes by what they mean for the business', () => {
    const churn = renderChange('churn-90d', { ...changes, points: -3 }, 'churn')
    expect(churn).toMatch(/class="change-points good">−3 points/)
    expect(churn).toMatch(/class="change-term bad"[^>]*data-delta="0.31"/)
    expect(renderChange('p', changes, 'conversion')).toMatch(/class="change-term good"[^>]*data-delta="0.31"/)
  })

  it('reads changes defensively and describes causes in words', () => {
    expect(readChanges({ changes })).toEqual(changes)
    expect(readChanges({})).toBeNull()
    expect(readChanges({ changes: { points: 1, logit: 'x', terms: [] } })).toBeNull()
    expect(readChanges({ changes: { points: 1, logit: 0.1, terms: [{ code: 'a' }] } })).toBeNull()
    expect(describeCause(['productView'])).toBe('viewed a product')
    expect(describeCause(['purchase', 'purchase', 'return'])).toBe('purchased ×2, returned')
    expect(describeCause(['checkout', 'removeFromCart', 'pageView', 'search'])).toBe('started checkout, removed from cart, viewed a page, searched')
    expect(describeCause(['Viewed pricing'])).toBe('“Viewed pricing”')
    expect(signedPoints(0.2)).toBe('±0 points')
    expect(signedPoints(-1)).toBe('−1 point')
  })

  it('keeps the sum when splitting and rounding', () => {
    expect(summarizeTerms(terms.slice(0, 4), 3)).toEqual({ shown: [terms[0], terms[1], terms[2], terms[3]], rest: null })
    expect(summarizeTerms([...terms, { code: 'z', label: 'z', delta: 0 }], 9).shown).toHaveLength(5)
    const { shown, rest } = summarizeTerms(terms, 2)
    expect(shown.map((t) => t.code)).toEqual(['cart_today', 'visits_today'])
    expect(rest!.count).toBe(3)
    expect(sum(shown.map((t) => t.delta)) + rest!.delta).toBeCloseTo(changes.logit, 12)
    expect(roundToSum([0.333, 0.333, 0.334], 1)).toEqual([0.33, 0.33, 0.34])
    expect(roundToSum([0.005, 0.005, 0.005, 0.005], 0.02)).toEqual([0.01, 0.01, 0, 0])
    expect(sum(roundToSum([-0.126, 0.004, 0.0049], -0.1171))).toBeCloseTo(-0.12, 10)
  })
})

/** The printed total of a change block. */
function contributionText(html: string): string {
  return /data-testid="[^"]*change-logit[^"]*" data-logit="[^"]*">([^<]*)</.exec(html)![1]!
}

describe('the card body', () => {
  const purchase = goalSense('purchase-30d', senseFromGoalFiles([{ name: 'purchase-30d', propensity: 'conversion', eligible: { activeWithin: '365d' } }]))

  it('shows a not-eligible profile as not eligible, with the reason and no score', () => {
    const html = renderScoreBody('churn-90d', score({ eligible: false, score: 70, percentile: 82 }), { propensity: 'churn', activeWithin: '365d' }, [])
    expect(html).toContain('data-testid="not-eligible-churn-90d"')
    expect(html).toContain('Not eligible yet</strong> (no activity in the eligibility window)')
    expect(html).toContain('activity in the last 365 days')
    expect(html).not.toContain('data-testid="score-churn-90d"')
    expect(html).not.toMatch(/\b70\b|\b82\b|Percentile|factors-/)
    expect(html).toContain('data-testid="version-churn-90d"')
  })

  it('shows an eligible score with its change when the SDK delivers one, and nothing about changes otherwise', () => {
    const withChange = renderScoreBody('purchase-30d', score({ changes }), purchase, [40, 42])
    expect(withChange).toContain('data-testid="score-purchase-30d" aria-label="score 42 out of 100">42<')
    expect(withChange).toContain('data-testid="change-purchase-30d"')
    const first = renderScoreBody('purchase-30d', score(), purchase, [42])
    expect(first).toContain('data-testid="score-purchase-30d"')
    expect(first).not.toContain('change-')
  })

  it('colours factors good or bad for the business, not up or down', () => {
    const f = [factor('visits', -0.4), factor('spend', 0.2)]
    const churn = renderFactors('churn-90d', f, 'churn')
    expect(churn).toMatch(/factor-good" data-code="visits" data-direction="down"/)
    expect(churn).toMatch(/factor-bad" data-code="spend" data-direction="up"/)
    const conversion = renderFactors('purchase-30d', f, 'conversion')
    expect(conversion).toMatch(/factor-bad" data-code="visits"/)
    expect(conversion).toMatch(/factor-good" data-code="spend"/)
    expect(churn).toContain('lowers the churn risk: good for the shop')
  })
})

describe('goal sense', () => {
  it('takes the propensity from the goal files, else from the name', () => {
    const known = senseFromGoalFiles([{ name: 'leave', propensity: 'churn' }, { name: 'buy', propensity: 'conversion', eligible: { activeWithin: '30d' } }, { nope: 1 } as never])
    expect(goalSense('leave', known)).toEqual({ propensity: 'churn', activeWithin: '45d' })
    expect(goalSense('buy', known)).toEqual({ propensity: 'conversion', activeWithin: '30d' })
    expect(goalSense('churn-30d', known).propensity).toBe('churn')
    expect(goalSense('signup-7d', known).propensity).toBe('conversion')
    expect(isGoodForBusiness('down', 'churn')).toBe(true)
    expect(isGoodForBusiness('up', 'churn')).toBe(false)
    expect(isGoodForBusiness('up', 'conversion')).toBe(true)
    expect(durationWords('365d')).toBe('365 days')
    expect(durationWords('1d')).toBe('1 day')
    expect(durationWords('12h')).toBe('12 hours')
  })

  it('reads the bundled goal files (goals/*.json)', async () => {
    const { GOAL_SENSES } = await import('./goal-files.ts')
    expect(GOAL_SENSES.get('churn-90d')?.propensity).toBe('churn')
    expect(GOAL_SENSES.get('purchase-30d')?.propensity).toBe('conversion')
    expect(GOAL_SENSES.has('likely-buyers')).toBe(false)
  })
})

describe('SDK problems', () => {
  it('logs offline-type problems at debug level and the others as warnings', () => {
    expect(problemLevel('MODEL_FETCH_FAILED')).toBe('debug')
    expect(problemLevel('SEGMENTS_FETCH_FAILED')).toBe('debug')
    expect(problemLevel('INVALID_EVENT')).toBe('warn')
  })
})
