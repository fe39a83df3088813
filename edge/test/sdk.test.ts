import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'

const manifest = async () => (await (await SELF.fetch('https://edge.test/v1/sdk.js')).text()).match(/\.\/sdk\/([^/]+)\/index\.js/)?.[1]

describe('GET /v1/sdk.js and /v1/sdk/<build>/*', () => {
  it('serves a re-export of the immutable build, cached 5 minutes, with CORS', async () => {
    const res = await SELF.fetch('https://edge.test/v1/sdk.js', { headers: { origin: 'https://shop.example' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('public, max-age=300')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(await res.text()).toMatch(/^export \* from '\.\/sdk\/\d+\.\d+\.\d+-[0-9a-f]{10}\/index\.js'\n$/)
  })

  it('serves the entry and the worker of that build as immutable JavaScript', async () => {
    const build = await manifest()
    for (const file of ['index.js', 'worker.js']) {
      const res = await SELF.fetch(`https://edge.test/v1/sdk/${build}/${file}`, { headers: { origin: 'https://shop.example' } })
      expect(res.status, file).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
      const text = await res.text()
      expect(text.length).toBeGreaterThan(1000)
      if (file === 'index.js') expect(text).toMatch(/new Worker\(new URL\([`'"]\.\/worker\.js[`'"],\s*import\.meta\.url\)/)
    }
  })

  it('answers 404 with a JSON error for another build, an unlisted file or a path outside the build', async () => {
    const build = await manifest()
    for (const path of [`/v1/sdk/0.0.0-0000000000/index.js`, `/v1/sdk/${build}/manifest.json`, `/v1/sdk/${build}/index.d.ts`, '/index.js', '/manifest.json']) {
      const res = await SELF.fetch(`https://edge.test${path}`)
      expect(res.status, path).toBe(404)
      expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe('NOT_FOUND')
    }
  })
})
