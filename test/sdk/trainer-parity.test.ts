import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ModelArtifact } from '@auspex/core'
import { createAuspex } from '@auspex/sdk'
import { openEvents } from '@auspex/trainer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * Parity with the trainer: a model trained by the `auspex` CLI on the bundled Online Retail data, the CLI's
 * `auspex score` of every profile at an as-of date, and the SDK engine (main thread, Node) fed the same profiles'
 * events before that date with its clock at the as-of: same probability (1e-6), score, percentile, bucket, factors.
 */
const ROOT = new URL('../../', import.meta.url).pathname
const DATA = join(ROOT, 'data/online-retail/online_retail.csv.gz')
const AS_OF = '2011-10-01T00:00:00.000Z'
const PROFILES = 40
const dir = mkdtempSync(join(tmpdir(), 'auspex-sdk-parity-'))

interface Row { profileId: string; probability: number; score: number; percentile: number; bucket: string; factors: Array<{ code: string; contribution: number }> }
let artifact: ModelArtifact
const rows = new Map<string, Row>()

const cli = (...args: string[]) => execFileSync('npx', ['tsx', 'trainer/src/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], timeout: 240_000 })

beforeAll(() => {
  cli('train', '--events', DATA, '--goal', 'goals/purchase-30d.json', '--out', join(dir, 'model'), '--before', '2011-09-01', '--max-examples', '3000', '--seed', '7')
  cli('score', '--model', join(dir, 'model'), '--events', DATA, '--as-of', AS_OF, '--out', join(dir, 'scores.jsonl'))
  artifact = JSON.parse(readFileSync(join(dir, 'model/model.json'), 'utf8')) as ModelArtifact
  for (const line of readFileSync(join(dir, 'scores.jsonl'), 'utf8').split('\n')) {
    if (line.trim()) {
      const row = JSON.parse(line) as Row
      rows.set(row.profileId, row)
    }
  }
}, 300_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('SDK = trainer (auspex score)', () => {
  it(`scores ${PROFILES} profiles of the bundled data as the CLI does at ${AS_OF}`, async () => {
    expect(rows.size).toBeGreaterThan(1000)
    const at = Date.parse(AS_OF)
    const source = await openEvents([DATA])
    let compared = 0
    const buckets = new Set<string>()
    try {
      let i = 0
      for await (const profile of source.profiles({ before: at })) {
        const row = rows.get(profile.profileId)
        // a spread of profiles: every 50th scored one
        if (!row || i++ % 50 !== 0) continue
        // the client swallows what onError throws (it never throws into the page): collect, then assert none
        const errors: string[] = []
        const auspex = createAuspex({ goals: [artifact.goal.name], models: [artifact], clock: () => at, consent: false, worker: false, onError: (e) => void errors.push(`${e.code}: ${e.message}`) })
        await auspex.load(profile.events.map(({ type, timestamp, item, value, attributes }) => ({ type, timestamp, item, value, attributes })))
        const scored = await auspex.score(artifact.goal.name)
        auspex.destroy()
        const context = `profile ${profile.profileId}`
        expect(errors, context).toEqual([])
        expect(scored, context).not.toBeNull()
        const sdk = scored!
        expect(Math.abs(sdk.probability - row.probability), context).toBeLessThan(1e-6)
        expect([sdk.score, sdk.percentile, sdk.bucket], context).toEqual([row.score, row.percentile, row.bucket])
        expect(sdk.factors.map((f) => f.code), context).toEqual(row.factors.map((f) => f.code))
        sdk.factors.forEach((f, k) => expect(Math.abs(f.contribution - row.factors[k]!.contribution), context).toBeLessThan(1e-6))
        buckets.add(sdk.bucket)
        if (++compared === PROFILES) break
      }
    } finally {
      await source.close()
    }
    expect(compared).toBe(PROFILES)
    expect(buckets.size).toBeGreaterThan(1)
  }, 120_000)
})
