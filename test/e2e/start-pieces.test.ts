/** The building blocks of `pnpm start` that need no stack: the lock, free ports, the model cache key. */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { markDescendants, stopMarkedLeftovers } from '../../scripts/start/children.ts'
import { acquireLock, readLock, releaseLock, updateLock } from '../../scripts/start/lock.ts'
import { isUpToDate, modelKey, trainAll, type ModelJob } from '../../scripts/start/models.ts'
import { freePort, isFree } from '../../scripts/start/ports.ts'
import { ROOT } from './stack.ts'

describe('start lock', () => {
  it('is taken once, reports a live holder, and is released', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'auspex-lock-')), 'start.lock')
    expect(acquireLock(file)).toEqual({ ok: true })
    updateLock(file, { shop: 'http://127.0.0.1:5173/' })
    expect((JSON.parse(readFileSync(file, 'utf8')) as { urls: unknown }).urls).toEqual({ shop: 'http://127.0.0.1:5173/' })
    // a live other process holds it: pretend the parent (alive) wrote it
    writeFileSync(file, JSON.stringify({ pid: process.ppid, startedAt: 'x', urls: { shop: 'u' } }))
    const second = acquireLock(file)
    expect(second.ok).toBe(false)
    expect(readLock(file)?.pid).toBe(process.ppid)
    releaseLock(file) // not ours: stays
    expect(readLock(file)).not.toBeNull()
  })

  it('takes over a stale lock whose process is gone', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'auspex-lock-')), 'start.lock')
    writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 12345, startedAt: 'x' }))
    expect(acquireLock(file)).toEqual({ ok: true })
    releaseLock(file)
    expect(readLock(file)).toBeNull()
  })
})

describe('ports', () => {
  it('skips a busy port', async () => {
    const server = createServer()
    const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)))
    expect(await isFree(port)).toBe(false)
    const picked = await freePort(port)
    expect(picked).not.toBe(port)
    expect(await isFree(picked)).toBe(true)
    server.close()
  })
})

describe('model cache key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-key-'))
  const data = join(dir, 'data.csv.gz')
  const goalFile = join(dir, 'goal.json')
  writeFileSync(data, 'a')
  writeFileSync(goalFile, '{"name":"g"}')
  const job: ModelJob = { name: 'g', goal: 'g', goalFile }

  it('changes with the data, the goal and the variant, and is stable otherwise', () => {
    const k = modelKey(ROOT, data, job)
    expect(modelKey(ROOT, data, job)).toBe(k)
    expect(modelKey(ROOT, data, { ...job, before: '2011-09-01' })).not.toBe(k)
    expect(modelKey(ROOT, data, { ...job, currency: 'GBP' })).not.toBe(k)
    writeFileSync(goalFile, '{"name":"g","window":"7d"}')
    expect(modelKey(ROOT, data, job)).not.toBe(k)
    writeFileSync(data, 'b')
    const k2 = modelKey(ROOT, data, job)
    expect(k2).not.toBe(k)
  })

  it('counts a model as up to date only with the same key and a model.json', () => {
    const modelDir = join(dir, 'model')
    mkdirSync(modelDir)
    writeFileSync(join(modelDir, 'key.json'), JSON.stringify({ key: 'abc' }))
    expect(isUpToDate(modelDir, 'abc')).toBe(false)
    writeFileSync(join(modelDir, 'model.json'), '{}')
    expect(isUpToDate(modelDir, 'abc')).toBe(true)
    expect(isUpToDate(modelDir, 'abd')).toBe(false)
  })

  it('runs training jobs at most n at a time, keeping their order', async () => {
    let running = 0
    let peak = 0
    const jobs = ['a', 'b', 'c', 'd'].map((name) => ({ name, goal: name, goalFile }))
    const results = await trainAll(jobs, 2, async (j) => {
      running++
      peak = Math.max(peak, running)
      await new Promise((r) => setTimeout(r, 10))
      running--
      return { ...j, dir: j.name, version: `v-${j.name}`, cached: false }
    })
    expect(peak).toBe(2)
    expect(results.map((r) => r.version)).toEqual(['v-a', 'v-b', 'v-c', 'v-d'])
  })
})

describe('leftover safety net', () => {
  it('stops processes that inherited the start marker, even in another process group', async () => {
    markDescendants()
    const orphan = spawn('sleep', ['60'], { detached: true, stdio: 'ignore', env: process.env })
    delete process.env.AUSPEX_START_PID
    const exited = new Promise((r) => orphan.on('exit', r))
    await new Promise((r) => setTimeout(r, 100))
    expect(await stopMarkedLeftovers()).toBe(1)
    await exited
    expect(orphan.signalCode).toBe('SIGTERM')
    expect(await stopMarkedLeftovers()).toBe(0)
  })
})
