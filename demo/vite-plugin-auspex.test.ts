import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Readable } from 'node:stream'
import { verifyGrant } from '@auspex/core'
import { handleAuspexRoute, localVersions } from './vite-plugin-auspex.ts'

function fakeRes(): ServerResponse & { body: string; headers: Record<string, string> } {
  const res = { statusCode: 0, body: '', headers: {} as Record<string, string>,
    setHeader(k: string, v: string) { this.headers[k.toLowerCase()] = v },
    end(b: string) { this.body = b } }
  return res as unknown as ServerResponse & { body: string; headers: Record<string, string> }
}

const models = mkdtempSync(join(tmpdir(), 'auspex-demo-models-'))
for (const [name, version, before] of [['purchase-30d', 'v2', null], ['purchase-30d-previous', 'v1', '2011-09-01'], ['churn-90d', 'c1', null]] as const) {
  mkdirSync(join(models, name))
  // the churn model predates `training.evaluation`; the purchase models have it
  const training = name === 'churn-90d' ? {} : { training: {
    evaluation: { cutoff: `${version}-cut`, labelWindow: [`${version}-from`, `${version}-to`], n: 300, population: 'eligible profiles at the cut-off' },
    split: { train: [`${version}-fit-from`, `${version}-fit-to`], validation: ['x', 'y'], test: [`${version}-test-from`, `${version}-test-to`] },
  } }
  writeFileSync(join(models, name, 'model.json'), JSON.stringify({ version, goal: { name: name.replace('-previous', '') }, metrics: { auc: 0.8 }, ...training }))
  // metrics.json (the baselines, ECE) is written by the trainer; the churn model's is missing
  if (name !== 'churn-90d') writeFileSync(join(models, name, 'metrics.json'), JSON.stringify({ auc: 0.8, ece: 0.02, baselines: { recency: 0.7, frequency: 0.75 } }))
  writeFileSync(join(models, name, 'key.json'), JSON.stringify({ key: 'k', before }))
  writeFileSync(join(models, name, 'report.html'), `<h1>report ${version}</h1>`)
}
const options = { edgeUrl: 'http://127.0.0.1:8787', token: 'dev-token', modelsDir: models, goals: ['purchase-30d', 'churn-90d'] }
const get = (url: string) => {
  const res = fakeRes()
  const handled = handleAuspexRoute(options, { url } as IncomingMessage, res)
  return { handled, res }
}

describe('demo dev routes', () => {
  it('hands the page its config (edge, dev token, goals)', () => {
    const { handled, res } = get('/__auspex/config.json')
    expect(handled).toBe(true)
    expect(JSON.parse(res.body)).toEqual({ edgeUrl: 'http://127.0.0.1:8787', token: 'dev-token', goals: ['purchase-30d', 'churn-90d'] })
  })

  it('lists the locally trained versions of a goal with their cut-off', () => {
    expect(localVersions(models, 'purchase-30d').map((v) => [v.version, v.before])).toEqual([['v2', null], ['v1', '2011-09-01']])
    // where each AUC was measured, so the page shows AUCs side by side only on one window
    expect(localVersions(models, 'purchase-30d').map((v) => v.evaluation)).toEqual([
      { cutoff: 'v2-cut', labelWindow: ['v2-from', 'v2-to'], n: 300 }, { cutoff: 'v1-cut', labelWindow: ['v1-from', 'v1-to'], n: 300 },
    ])
    // what the figures rest on: the fit's span, the history the splits cover, the baselines and ECE from metrics.json
    expect(localVersions(models, 'purchase-30d').map((v) => [v.fit, v.history, v.ece, v.baselines])).toEqual([
      [['v2-fit-from', 'v2-fit-to'], ['v2-fit-from', 'v2-test-to'], 0.02, { recency: 0.7, frequency: 0.75 }],
      [['v1-fit-from', 'v1-fit-to'], ['v1-fit-from', 'v1-test-to'], 0.02, { recency: 0.7, frequency: 0.75 }],
    ])
    expect(JSON.parse(get('/__auspex/models/churn-90d').res.body)).toEqual([
      { version: 'c1', name: 'churn-90d', before: null, auc: 0.8, evaluation: null, fit: null, history: null, ece: null, baselines: null },
    ])
  })

  it("serves a version's training report, 404 for an unknown one, and leaves other paths alone", () => {
    const ok = get('/__auspex/reports/purchase-30d/v1').res
    expect(ok.statusCode).toBe(200)
    expect(ok.body).toBe('<h1>report v1</h1>')
    expect(get('/__auspex/reports/purchase-30d/v9').res.statusCode).toBe(404)
    expect(get('/src/main.ts').handled).toBe(false)
  })

  it('signs a grant for the customer the page names, with the secret it never hands out', async () => {
    const secret = 'x'.repeat(40)
    const post = async (body: string, grantSecret: string | undefined = secret) => {
      const res = fakeRes()
      const req = Object.assign(Readable.from([body]), { url: '/__auspex/grant', method: 'POST' }) as unknown as IncomingMessage
      expect(handleAuspexRoute({ ...options, ...(grantSecret ? { grantSecret } : {}) }, req, res)).toBe(true)
      await new Promise((r) => setTimeout(r, 10))
      return { status: res.statusCode, body: JSON.parse(res.body) as { grant?: string; error?: { code: string } } }
    }
    const ok = await post(JSON.stringify({ profileId: '12347' }))
    expect(ok.status).toBe(200)
    const check = verifyGrant(ok.body.grant!, '12347', [secret], Date.now())
    if (!check.ok) throw new Error(`grant refused: ${check.message}`)
    expect(check.expiresAt - Date.now()).toBeLessThanOrEqual(300_000) // 5 minutes
    expect(verifyGrant(ok.body.grant!, '12348', [secret], Date.now()).ok).toBe(false)
    expect(JSON.stringify(ok.body)).not.toContain(secret)
    expect((await post('{"profileId":""}')).body.error?.code).toBe('INVALID_REQUEST')
    expect((await post('{"profileId":"1"}', '')).status).toBe(503)
  })
})
