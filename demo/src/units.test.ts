import { describe, expect, it } from 'vitest'
import { createCart } from './cart.ts'
import { createDemoClock } from './clock.ts'
import { contribution, esc, money, titleCase } from './format.ts'
import { ActivationError, activateVersion, parseModelList } from './models-api.ts'
import { pushHistory, sparklinePath } from './sparkline.ts'

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) }
}

describe('sparkline', () => {
  it('draws scores from left to right, 100 at the top', () => {
    expect(sparklinePath([0, 50, 100], 100, 20)).toBe('M0 20 L50 10 L100 0')
    expect(sparklinePath([40], 10, 10)).toBe('M0 6 L10 6')
    expect(sparklinePath([], 10, 10)).toBe('')
  })
  it('keeps the last `limit` values', () => {
    expect(pushHistory([1, 2, 3], 4, 3)).toEqual([2, 3, 4])
  })
})

describe('cart', () => {
  const catalogue = new Map([['A', { code: 'A', name: 'A', price: 2.55, category: 'Gifts', sold: 1 }]])
  it('adds, merges, sets, removes and prices lines; persists them', () => {
    const storage = memoryStorage()
    const cart = createCart(storage)
    let changes = 0
    cart.onChange(() => changes++)
    cart.add('A', 2)
    cart.add('A', 1)
    cart.add('UNKNOWN', 1)
    expect(cart.count()).toBe(4)
    expect(cart.priced(catalogue)).toEqual([{ code: 'A', quantity: 3, product: catalogue.get('A'), total: 7.65 }])
    expect(createCart(storage).lines()).toEqual([{ code: 'A', quantity: 3 }, { code: 'UNKNOWN', quantity: 1 }])
    cart.set('UNKNOWN', 0)
    expect(cart.lines()).toEqual([{ code: 'A', quantity: 3 }])
    cart.clear()
    expect(cart.count()).toBe(0)
    expect(changes).toBe(5)
  })
})

describe('demo clock', () => {
  it('runs from the history end, survives a reload, resets and fast-forwards', () => {
    const storage = memoryStorage()
    let wall = 1_000_000
    const end = Date.parse('2011-12-09T12:50:00Z')
    const clock = createDemoClock(end, storage, 'k', () => wall)
    expect(clock.now()).toBe(end)
    wall += 5000
    expect(clock.now()).toBe(end + 5000)
    const reloaded = createDemoClock(end, storage, 'k', () => wall)
    expect(reloaded.now()).toBe(end + 5000)
    reloaded.advance(86_400_000)
    expect(reloaded.now()).toBe(end + 5000 + 86_400_000)
    reloaded.reset()
    expect(reloaded.now()).toBe(end)
  })
})

describe('format', () => {
  it('formats money, contributions, names and escapes HTML', () => {
    expect(money(2.5)).toBe('£2.50')
    expect(contribution(0.421)).toBe('+0.42')
    expect(contribution(-1.1)).toBe('−1.10')
    expect(titleCase('WHITE HANGING HEART T-LIGHT HOLDER')).toBe('White Hanging Heart T-Light Holder')
    expect(esc('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;')
  })
})

describe('parseModelList', () => {
  it('reads the goals with their active and available versions in the shapes an edge may answer', () => {
    expect(parseModelList({ goals: [{ goal: 'g', active: 'v2', versions: ['v1', 'v2'] }] })).toEqual([
      { goal: 'g', active: 'v2', versions: [{ version: 'v1', createdAt: null }, { version: 'v2', createdAt: null }] },
    ])
    expect(parseModelList({ models: [{ name: 'g', activeVersion: { version: 'v1' }, available: [{ version: 'v1', createdAt: '2026-01-01T00:00:00Z' }] }] })).toEqual([
      { goal: 'g', active: 'v1', versions: [{ version: 'v1', createdAt: '2026-01-01T00:00:00Z' }] },
    ])
    expect(parseModelList([{ goal: 'g', active: null, versions: [] }, { nope: 1 }])).toEqual([{ goal: 'g', active: null, versions: [] }])
    expect(parseModelList(null)).toEqual([])
  })
})

describe('activateVersion', () => {
  const reply = (status: number, body: string): typeof fetch => (async () => new Response(body, { status })) as typeof fetch

  it("passes on the edge's QUALITY_GATE message, naming the figure and its floor", async () => {
    const message = 'version v1 of goal churn-90d does not meet the quality floor: negatives 40 < 50 (test-split examples). Activate it anyway with "force": true'
    const refused = activateVersion('http://edge', 't', 'churn-90d', 'v1', reply(422, JSON.stringify({ error: { code: 'QUALITY_GATE', message, checked: {} } })))
    await expect(refused).rejects.toBeInstanceOf(ActivationError)
    await expect(refused).rejects.toMatchObject({ code: 'QUALITY_GATE', message: `activating churn-90d v1 refused by the quality gate: ${message}` })
  })

  it('keeps other edge errors, and says the status when the body is not JSON', async () => {
    await expect(activateVersion('http://edge', 't', 'g', 'v', reply(401, '{"error":{"code":"UNAUTHORIZED","message":"a valid token is required"}}')))
      .rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'activating g v failed: a valid token is required' })
    await expect(activateVersion('http://edge', 't', 'g', 'v', reply(502, '<html>bad gateway</html>'))).rejects.toMatchObject({ code: 'HTTP_502', message: 'activating g v failed: HTTP 502' })
  })

  it('resolves on 200 and sends the version with the token', async () => {
    const seen: RequestInit[] = []
    const ok = (async (_url: string, init?: RequestInit) => { seen.push(init!); return new Response('{}', { status: 200 }) }) as typeof fetch
    await expect(activateVersion('http://edge', 'tok', 'g', 'v2', ok)).resolves.toBeUndefined()
    expect(seen[0]!.body).toBe('{"version":"v2"}')
    expect((seen[0]!.headers as Record<string, string>).Authorization).toBe('Bearer tok')
  })
})
