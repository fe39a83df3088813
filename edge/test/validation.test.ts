import { sealArtifact } from '@auspex/core'
import { describe, expect, it } from 'vitest'
import { activate, call, errorCode, purchaseGoal, testArtifact, upload } from './support.ts'

const goal = { ...purchaseGoal, name: 'checks-30d' }

async function putRaw(version: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return call(`/v1/models/checks-30d/versions/${version}`, { method: 'PUT', body, headers })
}

async function expectError(res: Response, status: number, code: string, messagePart: string): Promise<void> {
  expect(res.status).toBe(status)
  const body = (await res.json()) as { error: { code: string; message: string } }
  expect(body.error.code).toBe(code)
  expect(body.error.message).toContain(messagePart)
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/)
}

describe('uploads are validated with core before anything is stored', () => {
  const good = testArtifact({ goal })

  it('an older format version (1) → 422 UNSUPPORTED_FORMAT_VERSION', async () => {
    const { hash: _h, ...rest } = good
    const bad = sealArtifact({ ...rest, formatVersion: 1 as unknown as 2 })
    await expectError(await putRaw(good.version, JSON.stringify(bad)), 422, 'UNSUPPORTED_FORMAT_VERSION', 'formatVersion')
  })

  it('bad hash → 422 MODEL_HASH_MISMATCH', async () => {
    const bad = { ...good, metrics: { auc: 0.99 } }
    await expectError(await putRaw(good.version, JSON.stringify(bad)), 422, 'MODEL_HASH_MISMATCH', 'hash')
  })

  it('missing field → 422 INVALID_MODEL naming it', async () => {
    const { percentiles: _p, ...bad } = good
    await expectError(await putRaw(good.version, JSON.stringify(bad)), 422, 'INVALID_MODEL', 'percentiles')
  })

  it('malformed JSON → 400 INVALID_JSON; empty body too', async () => {
    await expectError(await putRaw(good.version, '{"format": "auspex-model",'), 400, 'INVALID_JSON', 'not valid JSON')
    await expectError(await activate('checks-30d', '') , 400, 'INVALID_REQUEST', 'version')
    await expectError(await call('/v1/models/checks-30d/active', { method: 'POST', body: '' }), 400, 'INVALID_JSON', 'empty')
  })

  it('oversize body → 413 PAYLOAD_TOO_LARGE, by Content-Length and by counting a stream', async () => {
    const big = JSON.stringify({ ...good, training: { pad: 'x'.repeat(1_100_000) } })
    await expectError(await putRaw(good.version, big), 413, 'PAYLOAD_TOO_LARGE', '1048576 bytes')
    const chunk = new TextEncoder().encode('x'.repeat(100_000))
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 12) controller.enqueue(chunk)
        else controller.close()
      },
    })
    const res = await call(`/v1/models/checks-30d/versions/${good.version}`, { method: 'PUT', body: stream, duplex: 'half' } as RequestInit)
    await expectError(res, 413, 'PAYLOAD_TOO_LARGE', 'limit')
  })

  it('URL and artifact must agree on goal and version', async () => {
    await expectError(await putRaw('other-version', JSON.stringify(good)), 400, 'INVALID_REQUEST', 'version')
    const res = await call(`/v1/models/another-goal/versions/${good.version}`, { method: 'PUT', body: JSON.stringify(good) })
    await expectError(res, 400, 'INVALID_REQUEST', 'goal.name')
    await expectError(await call('/v1/models/Bad Goal!', { token: null }), 400, 'INVALID_REQUEST', 'goal')
  })

  it('a failed upload never changes what is served', async () => {
    expect((await upload(good)).status).toBe(201)
    expect((await activate('checks-30d', good.version)).status).toBe(200)
    const next = testArtifact({ goal, day: 2 })
    await putRaw(next.version, JSON.stringify({ ...next, hash: 'sha256-' + '0'.repeat(64) }))
    await putRaw(next.version, JSON.stringify(next).slice(0, 500))
    expect((await call(`/v1/models/checks-30d/versions/${next.version}`, { token: null })).status).toBe(404)
    expect((await activate('checks-30d', next.version)).status).toBe(404)
    const served = await call('/v1/models/checks-30d', { token: null })
    expect(served.headers.get('etag')).toBe(`"${good.hash}"`)
  })
})

describe('writes need the bearer token', () => {
  const a = testArtifact({ goal: { ...purchaseGoal, name: 'auth-30d' } })

  it.each([
    ['missing', null, undefined],
    ['wrong', 'not-the-token', undefined],
    ['a prefix of it', 'test-token', undefined],
    ['wrong scheme', null, 'Basic dGVzdC10b2tlbi0wMTIzNDU2Nzg5'],
  ])('%s token → the same 401 for every write', async (_name, token, header) => {
    const headers: Record<string, string> = header ? { authorization: header } : {}
    const responses = [
      await call(`/v1/models/auth-30d/versions/${a.version}`, { method: 'PUT', body: JSON.stringify(a), token, headers }),
      await call('/v1/models/auth-30d/active', { method: 'POST', body: JSON.stringify({ version: a.version }), token, headers }),
      await call('/v1/segments', { method: 'PUT', body: JSON.stringify({ segments: [] }), token, headers }),
    ]
    for (const res of responses) {
      expect(res.status).toBe(401)
      expect(await res.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: 'a valid "Authorization: Bearer <token>" header is required for writes' } })
    }
    expect((await call(`/v1/models/auth-30d/versions/${a.version}`, { token: null })).status).toBe(404)
  })

  it('reads are public', async () => {
    expect((await call('/v1/models', { token: null })).status).toBe(200)
    expect(await errorCode(await call('/v1/models/auth-30d', { token: null }))).toBe('NO_ACTIVE_MODEL')
  })
})
