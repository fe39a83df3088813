/**
 * scripts/retrain.sh against the local edge (`wrangler dev`): the first run publishes a first model, a run after the
 * world shifted replaces it with the all-data model, and a run with no new window waits (exit 3 of auspex retrain,
 * which the script does not count as a failure).
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EDGE_DIR, startLocalEdge, type LocalEdge } from '../../edge/scripts/local-edge.ts'
import { behaviourShiftCase } from '../../trainer/src/cases/behaviour-shift.ts'
import { DAY } from '../../trainer/src/cases/case-types.ts'

const ROOT = resolve(EDGE_DIR, '..')
const SCRIPT = join(ROOT, 'scripts/retrain.sh')
const data = behaviourShiftCase([{ fromDay: 0, driver: 'x' }, { fromDay: 60, driver: 'y' }], 180)
let tmp = ''
let edge: LocalEdge

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().once('error', fail).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })
}

async function writeEvents(name: string, before: number): Promise<string> {
  const path = join(tmp, name)
  const lines = data.events.filter((e) => e.timestamp < before).map((e) => JSON.stringify({ ...e, timestamp: new Date(e.timestamp).toISOString() }))
  await writeFile(path, lines.join('\n') + '\n')
  return path
}

async function script(events: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn('bash', [SCRIPT], {
    cwd: ROOT,
    env: {
      ...process.env, AUSPEX_EVENTS: events, AUSPEX_GOALS: join(tmp, 'buy-7d.json'), AUSPEX_ENDPOINT: edge.url,
      AUSPEX_TOKEN: edge.token, AUSPEX_BIN: `${join(ROOT, 'node_modules/.bin/tsx')} ${join(ROOT, 'trainer/src/cli.ts')}`,
      // the generated data is small: below the edge's default floors (500 positives), so activations are forced
      AUSPEX_ARGS: '--max-examples 3000 --force',
    },
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const status = await new Promise<number | null>((r) => child.on('close', r))
  return { status, stdout, stderr }
}

async function activeModel(): Promise<{ version: string; training: { before: string } }> {
  const res = await fetch(`${edge.url}/v1/models/buy-7d`)
  expect(res.status).toBe(200)
  return await res.json() as { version: string; training: { before: string } }
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'auspex-retrain-script-'))
  await writeFile(join(tmp, 'buy-7d.json'), JSON.stringify(data.goal))
  edge = await startLocalEdge({ port: await freePort(), stateDir: join(tmp, 'state') })
})
afterAll(async () => {
  await edge?.stop()
  await rm(tmp, { recursive: true, force: true })
})

describe('scripts/retrain.sh against the local edge', () => {
  it('publishes a first model, replaces it after the world shifted, then waits for a new window', async () => {
    const early = await writeEvents('early.jsonl', data.start + 90 * DAY)
    const first = await script(early)
    expect(first.status, first.stderr).toBe(0)
    expect(first.stdout).toContain('verdict: first model — the edge has no active model for buy-7d; published and activated')
    const champion = await activeModel()
    expect(Date.parse(champion.training.before)).toBeLessThanOrEqual(data.start + 90 * DAY)

    const all = await writeEvents('all.jsonl', Infinity)
    const second = await script(all)
    expect(second.status, second.stderr).toBe(0)
    expect(second.stdout).toMatch(new RegExp(`champion {3}${champion.version} .*: AUC 0\\.\\d{3}`))
    expect(second.stdout).toMatch(/challenger − champion: \+0\.\d{3} AUC/)
    expect(second.stdout).toContain('verdict: replace — the challenger is not worse; published and activated')
    const replaced = await activeModel()
    expect(replaced.version).not.toBe(champion.version)
    expect(replaced.training.before).toBe(new Date(Math.max(...data.events.map((e) => e.timestamp)) + 1).toISOString())

    const third = await script(all)
    expect(third.status, third.stderr).toBe(0)
    expect(third.stdout).toContain('verdict: wait — ')
    expect(third.stderr).toContain('waiting for a new window of data (nothing published)')
    expect((await activeModel()).version).toBe(replaced.version)
  })
})
