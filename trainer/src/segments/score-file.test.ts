import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { csvField } from '../commands/score-writer.ts'
import { splitCsvLine } from './csv-line.ts'
import { readScoreProfiles, type ScoreFileInfo } from './score-file.ts'

let tmp = ''
beforeAll(async () => { tmp = await mkdtemp(join(tmpdir(), 'auspex-score-file-')) })
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

async function read(name: string, text: string, goal = 'g'): Promise<{ info?: ScoreFileInfo; groups: unknown[][] }> {
  const path = join(tmp, name)
  await writeFile(path, text)
  const out: { info?: ScoreFileInfo; groups: unknown[][] } = { groups: [] }
  for await (const g of readScoreProfiles(path, goal, (i) => { out.info = i })) out.groups.push(g)
  return out
}

const F = '"[{""code"":""a"",""label"":""A, b"",""value"":1,""contribution"":-0.5,""importance"":""high""}]"'

describe('splitCsvLine', () => {
  it('inverts csvField for any fields', () => {
    fc.assert(fc.property(fc.array(fc.string().filter((s) => !/[\r\n]/.test(s)), { minLength: 1, maxLength: 6 }), (fields) => {
      expect(splitCsvLine(fields.map(csvField).join(','))).toEqual(fields)
    }))
  })
  it('refuses an unterminated quote', () => {
    expect(splitCsvLine('a,"b')).toBeNull()
    expect(splitCsvLine('"a"x,b')).toBeNull()
  })
})

describe('readScoreProfiles', () => {
  it('groups a profile\'s rows, takes the goal from the goal column or the file, and parses segments', async () => {
    const csv = `profileId,probability,score,percentile,bucket,factors,goal,segments\np1,0.5,50,40,medium,${F},buy,"[""x""]"\np1,0.2,20,10,low,[],churn,"[""x""]"\np2,0.9,90,99,high,[],buy,[]\n`
    const r = await read('s.csv', csv)
    expect(r.info).toEqual({ hasGoal: true, hasSegments: true })
    expect(r.groups.map((g) => g.length)).toEqual([2, 1])
    expect(r.groups[0]![0]).toEqual({ profileId: 'p1', goal: 'buy', probability: 0.5, score: 50, percentile: 40, bucket: 'medium', segments: ['x'], factors: [{ code: 'a', label: 'A, b', value: 1, contribution: -0.5, importance: 'high' }] })
    const jsonl = await read('s.jsonl', JSON.stringify({ profileId: 'p1', probability: 0.5, score: 50, percentile: 40, bucket: 'medium', factors: [] }) + '\n', 'purchase-30d')
    expect(jsonl.info).toEqual({ hasGoal: false, hasSegments: false })
    expect(jsonl.groups[0]![0]).toMatchObject({ goal: 'purchase-30d' })
  })

  it.each([
    ['missing.csv', 'profileId,probability,score,factors\n', /missing columns percentile, bucket; a score file has profileId,probability,score,percentile,bucket,factors/],
    ['missing.jsonl', '{"profileId":"p","score":3}\n', /missing columns probability, percentile, bucket, factors/],
    ['bucket.csv', `profileId,probability,score,percentile,bucket,factors\np,0.5,50,40,hot,[]\n`, /bucket\.csv:2: bucket: expected low, medium or high, got "hot"/],
    ['score.csv', `profileId,probability,score,percentile,bucket,factors\np,0.5,500,40,low,[]\n`, /score\.csv:2: score: expected a number within 0–100, got "500"/],
    ['factors.csv', `profileId,probability,score,percentile,bucket,factors\np,0.5,50,40,low,{}\n`, /factors\.csv:2: factors: expected an array/],
    ['fields.csv', `profileId,probability,score,percentile,bucket,factors\np,0.5,50\n`, /fields\.csv:2: expected 6 fields like the header, got 3/],
    ['apart.csv', `profileId,probability,score,percentile,bucket,factors\np,0.5,50,40,low,[]\nq,0.5,50,40,low,[]\np,0.5,50,40,low,[]\n`, /apart\.csv:4: profile p appears again after other profiles/],
    ['scores.txt', 'x', /expected a \.csv or \.jsonl file/],
  ])('%s: a clear error', async (name, text, message) => {
    await expect(read(name, text)).rejects.toThrow(message)
  })
})
