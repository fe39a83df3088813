import { spawn, spawnSync } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from './workspace.ts'

const SCRIPT = join(ROOT, 'scripts/retrain.sh')
let tmp = ''
let log = ''
let events = ''
let server: Server
let url = ''

/** A stand-in for the CLI: logs its arguments (and the events file's first line), exits 3 for wait.json, 1 for fail.json. */
const STUB = `#!/usr/bin/env bash
set -euo pipefail
echo "$*" >> "$STUB_LOG"
while [[ $# -gt 0 ]]; do
  if [[ "$1" == --events ]]; then head -n 1 "$2" >> "$STUB_LOG"; fi
  if [[ "$1" == --goal && "$2" == *wait.json ]]; then exit 3; fi
  if [[ "$1" == --goal && "$2" == *fail.json ]]; then exit 1; fi
  shift
done
`

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'auspex-retrain-sh-'))
  log = join(tmp, 'log')
  events = join(tmp, 'events.jsonl')
  await writeFile(events, '{"profileId":"a","timestamp":"2024-01-01T00:00:00Z","type":"x"}\n')
  await writeFile(join(tmp, 'auspex'), STUB)
  await chmod(join(tmp, 'auspex'), 0o755)
  for (const g of ['a', 'b', 'wait', 'fail']) await writeFile(join(tmp, `${g}.json`), '{}')
  server = createServer((req, res) => {
    if (req.url?.startsWith('/exports/events.jsonl')) { res.end('{"downloaded":true}\n'); return }
    res.writeHead(404).end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((r) => server.close(r))
  await rm(tmp, { recursive: true, force: true })
})

async function run(env: Record<string, string>): Promise<{ status: number | null; stderr: string; calls: string[] }> {
  await writeFile(log, '')
  // spawn, not spawnSync: the test's own http server must keep answering while the script runs
  const child = spawn('bash', [SCRIPT], {
    cwd: tmp, env: { PATH: process.env.PATH ?? '', STUB_LOG: log, AUSPEX_BIN: join(tmp, 'auspex'), ...env },
  })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const status = await new Promise<number | null>((r) => child.on('close', r))
  return { status, stderr, calls: (await readFile(log, 'utf8')).split('\n').filter(Boolean) }
}

const base = () => ({ AUSPEX_EVENTS: events, AUSPEX_GOALS: 'a.json b.json', AUSPEX_ENDPOINT: 'http://127.0.0.1:8787', AUSPEX_TOKEN: 't' })

describe('scripts/retrain.sh', () => {
  it('is valid bash; the copyable workflow runs it weekly and lives outside .github/workflows', async () => {
    expect(spawnSync('bash', ['-n', SCRIPT]).status).toBe(0)
    const workflow = await readFile(join(ROOT, 'docs/retrain.workflow.yml'), 'utf8')
    expect(workflow).toMatch(/\n {4}- cron: '0 3 \* \* 1'\n/)
    expect(workflow).toMatch(/\n {8}run: scripts\/retrain\.sh\n/)
    for (const name of ['AUSPEX_TOKEN', 'AUSPEX_ENDPOINT', 'AUSPEX_EVENTS', 'AUSPEX_GOALS']) expect(workflow).toContain(`${name}: \${{`)
    expect(existsSync(join(ROOT, '.github/workflows/retrain.yml'))).toBe(false)
  })

  it('runs auspex retrain once per goal with the events, the endpoint and AUSPEX_ARGS', async () => {
    const r = await run({ ...base(), AUSPEX_ARGS: '--force --max-examples 3000' })
    expect(r.status).toBe(0)
    expect(r.calls).toEqual([
      `retrain --events ${events} --goal a.json --endpoint http://127.0.0.1:8787 --force --max-examples 3000`,
      '{"profileId":"a","timestamp":"2024-01-01T00:00:00Z","type":"x"}',
      `retrain --events ${events} --goal b.json --endpoint http://127.0.0.1:8787 --force --max-examples 3000`,
      '{"profileId":"a","timestamp":"2024-01-01T00:00:00Z","type":"x"}',
    ])
  })

  it('AUSPEX_DRY_RUN=1 adds --dry-run and needs no token', async () => {
    const { AUSPEX_TOKEN: _, ...env } = base()
    const r = await run({ ...env, AUSPEX_GOALS: 'a.json', AUSPEX_DRY_RUN: '1' })
    expect(r.status).toBe(0)
    expect(r.calls[0]).toBe(`retrain --events ${events} --goal a.json --endpoint http://127.0.0.1:8787 --dry-run`)
  })

  it('exit 3 (waiting for a new window) is not a failure; another failure still lets the other goals run, then exits 1', async () => {
    const waiting = await run({ ...base(), AUSPEX_GOALS: 'wait.json a.json' })
    expect(waiting.status).toBe(0)
    expect(waiting.stderr).toContain('wait.json: waiting for a new window of data (nothing published)')
    const failing = await run({ ...base(), AUSPEX_GOALS: 'fail.json a.json' })
    expect(failing.status).toBe(1)
    expect(failing.stderr).toContain('fail.json: auspex retrain failed (exit 1)')
    expect(failing.calls.filter((c) => c.startsWith('retrain'))).toHaveLength(2)
  })

  it('downloads an http(s) AUSPEX_EVENTS first, keeping its file name', async () => {
    const r = await run({ ...base(), AUSPEX_GOALS: 'a.json', AUSPEX_EVENTS: `${url}/exports/events.jsonl?sig=1` })
    expect(r.status).toBe(0)
    expect(r.calls[0]).toMatch(/^retrain --events \S+\/events\.jsonl --goal a\.json /)
    expect(r.calls[1]).toBe('{"downloaded":true}')
    const missing = await run({ ...base(), AUSPEX_EVENTS: `${url}/nope.jsonl` })
    expect(missing.status).not.toBe(0)
    expect(missing.calls).toEqual([])
  })

  it('exits 2 naming a missing setting or goal file, before running anything', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ AUSPEX_EVENTS: '' }, 'AUSPEX_EVENTS is not set'],
      [{ AUSPEX_GOALS: '' }, 'AUSPEX_GOALS is not set'],
      [{ AUSPEX_ENDPOINT: '' }, 'AUSPEX_ENDPOINT is not set'],
      [{ AUSPEX_TOKEN: '' }, 'AUSPEX_TOKEN is not set'],
      [{ AUSPEX_GOALS: 'a.json missing.json' }, 'goal file missing.json does not exist'],
      [{ AUSPEX_EVENTS: join(tmp, 'nowhere') }, `AUSPEX_EVENTS ${join(tmp, 'nowhere')} does not exist`],
    ]
    for (const [env, message] of cases) {
      const r = await run({ ...base(), ...env })
      expect(r.status).toBe(2)
      expect(r.stderr).toContain(message)
      expect(r.calls).toEqual([])
    }
  })
})
