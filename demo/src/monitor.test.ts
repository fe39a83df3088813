import { describe, expect, it } from 'vitest'
import { fetchMonitor, monitorHtml, parseMonitor, psiChart } from './monitor.ts'

const body = {
  goal: 'purchase-30d',
  versions: [
    { version: 'v1', trainingShares: [], days: [{ day: '2026-12-01', n: 40, histogram: [], psi: 0.05 }, { day: '2026-12-02', n: 38, histogram: [], psi: 0.31 }] },
    { version: 'v2', days: [{ day: '2026-12-02', n: 3, psi: null }, { day: 7 }] },
    { nope: true },
  ],
}

describe('model monitor (PSI per day)', () => {
  it('reads the edge body, skipping malformed entries', () => {
    expect(parseMonitor(body)).toEqual([
      { version: 'v1', days: [{ day: '2026-12-01', n: 40, psi: 0.05 }, { day: '2026-12-02', n: 38, psi: 0.31 }] },
      { version: 'v2', days: [{ day: '2026-12-02', n: 3, psi: null }] },
    ])
    expect(parseMonitor(null)).toEqual([])
  })

  it('fetches GET /v1/models/:goal/monitor and throws on an error status', async () => {
    const urls: string[] = []
    const ok = (async (url: string) => (urls.push(url), Response.json(body))) as unknown as typeof fetch
    expect(await fetchMonitor('https://shop.test', 'purchase-30d', ok)).toHaveLength(2)
    expect(urls).toEqual(['https://shop.test/v1/models/purchase-30d/monitor'])
    const down = (async () => new Response('x', { status: 502 })) as unknown as typeof fetch
    await expect(fetchMonitor('https://shop.test', 'g', down)).rejects.toThrow('HTTP 502')
  })

  it('plots PSI per day with the 0.2 line; a day above it is a red dot', () => {
    const svg = psiChart([{ day: 'a', n: 1, psi: 0.1 }, { day: 'b', n: 1, psi: 0.3 }, { day: 'c', n: 1, psi: null }], 100, 40)
    // y axis 0 … max(0.4, 0.3) = 0.4 over y 36 … 4 (4 px margins): 0.2 at y 20, 0.1 at y 28, 0.3 at y 12; x 4 … 96
    expect(svg).toContain('<line class="psi-alert" x1="0" x2="100" y1="20" y2="20"/>')
    expect(svg).toContain('<path d="M4 28 L96 12"/>')
    expect(svg.match(/class="psi-flag"/g)).toHaveLength(1)
    expect(svg).toContain('b: PSI 0.300 > 0.2')
  })

  it('flags versions and days with PSI > 0.2; says so when there is no telemetry', () => {
    const html = monitorHtml(parseMonitor(body))
    expect(html.match(/data-testid="psi-flag"/g)).toHaveLength(1)
    expect(html).toContain('PSI &gt; 0.2 on 1 day')
    expect(html.match(/class="psi-flagged"/g)).toHaveLength(1)
    expect(html).toContain('<td>0.310 <strong class="error">shift</strong></td>')
    expect(monitorHtml([])).toContain('telemetry: true')
  })
})
