import { describe, expect, it } from 'vitest'
import { decodeShard, encodeShard, SHARD_FORMAT_VERSION } from './format.ts'
import { gunzip, gzip } from './gzip.ts'
import { parseManifest, type ShardManifest } from './manifest.ts'
import { shardProfiles } from './profiles.ts'
import { decodeResult, encodeResult } from './result-json.ts'
import { readShard } from './task.ts'
import { shardTables, shoppers } from './test-support/synthetic.ts'

const profiles = shoppers(30)
const table = shardTables(profiles, 1)[0]!

describe('the shard format', () => {
  it('round-trips every event of every profile, through gzip', async () => {
    const back = await readShard(await gzip(encodeShard(table)), 'shard-0000.bin.gz')
    expect([...shardProfiles(back)]).toEqual(profiles)
    expect(back.attributes.length).toBeGreaterThan(0)
    expect([...shardProfiles(back)].flatMap((p) => p.events).some((e) => e.value === undefined)).toBe(true)
  })

  it('cuts each profile at `before`', () => {
    const before = profiles[0]!.events[3]!.timestamp
    const first = [...shardProfiles(decodeShard(encodeShard(table), 's'), before)][0]!
    expect(first.events.every((e) => e.timestamp < before)).toBe(true)
    expect(first.events.length).toBe(profiles[0]!.events.filter((e) => e.timestamp < before).length)
  })

  it('a truncated or corrupted shard fails with SHARD_CORRUPT naming the shard and the fix', async () => {
    const stored = await gzip(encodeShard(table))
    await expect(readShard(stored.subarray(0, stored.length - 20), 'shard-0003.bin.gz')).rejects.toMatchObject({
      code: 'SHARD_CORRUPT', message: expect.stringMatching(/shard-0003\.bin\.gz.*auspex shard/),
    })
    const raw = encodeShard(table)
    expect(() => decodeShard(raw.subarray(0, raw.length - 8), 'shard-0001')).toThrow(expect.objectContaining({ code: 'SHARD_CORRUPT', message: expect.stringContaining('shard-0001: truncated') }))
    const flipped = raw.slice()
    flipped[0] = 0
    expect(() => decodeShard(flipped, 'x')).toThrow(expect.objectContaining({ code: 'SHARD_CORRUPT' }))
    // a string index out of range (the last event's attribute index) is caught before any score is computed
    const bad = raw.slice()
    new DataView(bad.buffer).setInt32(bad.length - 4, 1_000_000, true)
    expect(() => decodeShard(bad, 'y')).toThrow(expect.objectContaining({ code: 'SHARD_CORRUPT', message: expect.stringContaining('out of range') }))
    expect(await gunzip(stored)).toEqual(raw)
  })

  it('refuses another format version with UNSUPPORTED_FORMAT_VERSION', () => {
    const raw = encodeShard(table)
    new DataView(raw.buffer).setUint32(8, SHARD_FORMAT_VERSION + 1, true)
    expect(() => decodeShard(raw, 'z')).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT_VERSION' }))
  })

  it('results round-trip through JSON bit for bit', () => {
    const value = { a: new Float64Array([0.1, NaN, -0, 1e300]), b: new Float32Array([1 / 3]), c: new Uint8Array([1, 2, 3, 4, 5]), d: ['x'] }
    const back = decodeResult<typeof value>(encodeResult(value))
    expect(Array.from(new Uint8Array(back.a.buffer))).toEqual(Array.from(new Uint8Array(value.a.buffer)))
    expect(back.b[0]).toBe(value.b[0])
    expect(Array.from(back.c)).toEqual([1, 2, 3, 4, 5])
    expect(back.d).toEqual(['x'])
  })

  it('a score part (plain JSON, no replacer) and typed arrays nested deep both round-trip', () => {
    const row = { profileId: 'p"1\u2028', predictions: { g: { probability: 0.25, score: 25, percentile: 40, bucket: 'low', modelVersion: 'v', goal: 'g', eligible: true,
      factors: [{ code: 'c', label: 'Last seen 3 days ago — é', value: null, contribution: -0.5, importance: 'high', direction: 'down' }] } }, segments: ['s'] }
    const part = { kind: 'score', rows: [row, { ...row, profileId: 'p2' }] }
    expect(encodeResult(part)).toBe(JSON.stringify(part))
    expect(decodeResult(encodeResult(part))).toEqual(part)
    const nested = { kind: 'collect', sample: [{ keys: new Int32Array([7, -1]) }] }
    expect(encodeResult(nested)).toContain('"$typed":"Int32Array"')
    expect(Array.from(decodeResult<typeof nested>(encodeResult(nested)).sample[0]!.keys)).toEqual([7, -1])
  })
})

describe('the manifest', () => {
  const manifest = (): ShardManifest => ({
    format: 'auspex-shards', version: SHARD_FORMAT_VERSION, partition: 'shardOf-fnv1a32', createdAt: '2026-01-01T00:00:00.000Z',
    summary: { files: [], rowsRead: 10, events: 10, profiles: 2, droppedNoProfile: 0, bad: [], typeCounts: { purchase: 10 }, firstTimestamp: 1, lastTimestamp: 2, seconds: 0 },
    shards: [{ file: 'shard-0000.bin.gz', profiles: 2, events: 10, bytes: 100, sha256: 'a'.repeat(64) }],
  })
  it('accepts a consistent manifest', () => {
    expect(parseManifest(manifest(), 'm.json').shards).toHaveLength(1)
  })
  it('names the field of an invalid one, and a mismatch between shards and summary', () => {
    const m = manifest()
    m.shards[0]!.file = '../escape'
    expect(() => parseManifest(m, 'dir/manifest.json')).toThrow(expect.objectContaining({ code: 'SHARD_MANIFEST_INVALID', message: expect.stringContaining('shards[0].file') }))
    const n = manifest()
    n.shards[0]!.events = 9
    expect(() => parseManifest(n, 'dir/manifest.json')).toThrow(expect.objectContaining({ code: 'SHARD_MANIFEST_MISMATCH' }))
    expect(() => parseManifest({ ...manifest(), version: 99 }, 'x')).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT_VERSION' }))
  })
})
