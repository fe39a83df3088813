import type { Plugin } from 'vite'

interface Space {
  served: Map<string, string>
  /** the `GET /v1/segments` body; absent = nothing published */
  segments: string | null
  down: boolean
  requests: Array<{ goal: string; ifNoneMatch: string | null; status: number }>
  /** bodies of `POST v1/telemetry` */
  telemetry: unknown[]
  /** `POST v1/profiles/:id/state`: per profile id, the grant it accepts and the answer */
  profiles: Map<string, { grant: string; body: string }>
}

/**
 * A stand-in edge for the browser tests, mounted on the Vite dev server that serves them (same origin):
 * `GET /__edge/:space/v1/models/:goal` answers like the real edge (strong ETag, 304 on If-None-Match, 404,
 * or a network failure when "down") and `GET /__edge/:space/v1/segments` (`{ version, segments }`, ETag
 * `"<version>"`, 304; recorded as goal `__segments`), `POST /__edge/:space/v1/telemetry` (kept; read back from
 * `GET /__edge/:space/__telemetry`); `POST /__edge/:space/__control` `{ goal?, body?, segments?, down? }` sets what it
 * serves; `GET /__edge/:space/__requests` lists the requests seen. `POST /__edge/:space/v1/profiles/:id/state`
 * `{ grant }` answers the state set with `__control` `{ profile: { id, grant, body } }` for that grant, else 401
 * `GRANT_INVALID` (404 `PROFILE_NOT_FOUND` for an unknown id), as the edge's grant route does. Each test uses its own space.
 */
export function testEdge(): Plugin {
  const spaces = new Map<string, Space>()
  const space = (name: string) => {
    let s = spaces.get(name)
    if (!s) spaces.set(name, (s = { served: new Map(), segments: null, down: false, requests: [], telemetry: [], profiles: new Map() }))
    return s
  }
  return {
    name: 'auspex-test-edge',
    configureServer(server) {
      server.middlewares.use('/__edge/', (req, res) => {
        const [name = '', ...rest] = (req.url ?? '').replace(/^\//, '').split('?')[0]!.split('/')
        const s = space(name)
        const path = rest.join('/')
        if (path === '__control' && req.method === 'POST') {
          let text = ''
          req.on('data', (c: Buffer) => (text += c.toString()))
          req.on('end', () => {
            const body = JSON.parse(text) as { goal?: string; body?: string; segments?: string; down?: boolean; profile?: { id: string; grant: string; body: string } }
            if (body.profile !== undefined) s.profiles.set(body.profile.id, body.profile)
            if (body.segments !== undefined) s.segments = body.segments
            if (body.goal !== undefined && body.body !== undefined) s.served.set(body.goal, body.body)
            if (body.down !== undefined) s.down = body.down
            res.end('{}')
          })
          return
        }
        if (path === '__requests') return void res.end(JSON.stringify(s.requests))
        if (path === '__telemetry') return void res.end(JSON.stringify(s.telemetry))
        const profileState = /^v1\/profiles\/([^/]+)\/state$/.exec(path)
        if (profileState && req.method === 'POST') {
          let text = ''
          req.on('data', (c: Buffer) => (text += c.toString()))
          req.on('end', () => {
            const profile = s.profiles.get(decodeURIComponent(profileState[1]!))
            const grant = (JSON.parse(text) as { grant?: string }).grant
            res.setHeader('Content-Type', 'application/json')
            res.statusCode = !profile ? 404 : profile.grant === grant ? 200 : 401
            res.end(res.statusCode === 200 ? profile!.body : JSON.stringify({ error: res.statusCode === 404 ? { code: 'PROFILE_NOT_FOUND', message: 'no such profile' } : { code: 'GRANT_INVALID', message: 'the grant is not for this profile' } }))
          })
          return
        }
        if (path === 'v1/telemetry' && req.method === 'POST') {
          // like the edge's POST /v1/telemetry: takes the report (the test reads it back from __telemetry)
          let text = ''
          req.on('data', (c: Buffer) => (text += c.toString()))
          req.on('end', () => {
            s.telemetry.push(JSON.parse(text) as unknown)
            res.statusCode = 204
            res.end()
          })
          return
        }
        const goal = path === 'v1/segments' ? '__segments' : decodeURIComponent(path.replace(/^v1\/models\//, ''))
        const ifNoneMatch = (req.headers['if-none-match'] as string | undefined) ?? null
        if (s.down) {
          s.requests.push({ goal, ifNoneMatch, status: 0 })
          return void req.socket.destroy()
        }
        if (goal === '__segments') {
          // like the edge: nothing published → { version: null, segments: [] }; strong ETag "<version>"
          const published = s.segments ?? '{"version":null,"segments":[]}'
          const etag = `"${(JSON.parse(published) as { version: string | null }).version}"`
          res.setHeader('ETag', etag)
          res.setHeader('Cache-Control', 'no-cache')
          const status = ifNoneMatch === etag ? 304 : 200
          s.requests.push({ goal, ifNoneMatch, status })
          res.statusCode = status
          if (status === 200) res.setHeader('Content-Type', 'application/json')
          return void res.end(status === 200 ? published : undefined)
        }
        const body = s.served.get(goal)
        if (body === undefined) {
          s.requests.push({ goal, ifNoneMatch, status: 404 })
          res.statusCode = 404
          return void res.end('{"error":{"code":"NOT_FOUND","message":"no active model"}}')
        }
        const etag = `"${(JSON.parse(body) as { hash?: string }).hash ?? body.length}"`
        res.setHeader('ETag', etag)
        res.setHeader('Cache-Control', 'no-cache')
        if (ifNoneMatch === etag) {
          s.requests.push({ goal, ifNoneMatch, status: 304 })
          res.statusCode = 304
          return void res.end()
        }
        s.requests.push({ goal, ifNoneMatch, status: 200 })
        res.setHeader('Content-Type', 'application/json')
        res.end(body)
      })
    },
  }
}
