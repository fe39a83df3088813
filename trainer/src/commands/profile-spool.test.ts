import { describe, expect, it } from 'vitest'
import { profileBucket, type ProfileRecord } from '@auspex/core'
import { bucketCount, createProfileSpool, SPOOL_PARTITIONS } from './profile-spool.ts'

const record = (id: string): ProfileRecord => ({ v: 1, profileId: id, goals: {}, segments: [] })

describe('profile spool', () => {
  it('picks ~500 records a bucket, as a power of two up to the partitions and a multiple of them above', () => {
    expect([0, 1, 500, 501, 1_001, 2_300].map((n) => bucketCount(n))).toEqual([1, 1, 1, 2, 4, 8])
    expect(bucketCount(100_000)).toBe(256)
    expect(bucketCount(10_000_000)).toBe(20 * SPOOL_PARTITIONS)
    expect(10_000_000 / bucketCount(10_000_000)).toBeLessThanOrEqual(500)
    expect(bucketCount(5_000, 8, 100)).toBe(56) // 50 wanted, above 8 partitions: the next multiple of 8
  })

  it.each([1, 2, 8, 24, 64])('gives every bucket of %i exactly once, holding exactly the records profileBucket puts there', async (buckets) => {
    const spool = await createProfileSpool(undefined, 8)
    const ids = Array.from({ length: 700 }, (_, i) => `customer-${i * 7919}`)
    try {
      for (const id of ids) await spool.add(record(id))
      await spool.flush()
      expect(spool.count).toBe(700)
      const seen: number[] = []
      const all: string[] = []
      for await (const { bucket, records, body } of spool.buckets(buckets)) {
        seen.push(bucket)
        const lines = body === '' ? [] : body.trimEnd().split('\n').map((l) => JSON.parse(l) as ProfileRecord)
        expect(lines).toHaveLength(records)
        for (const r of lines) expect(profileBucket(r.profileId, buckets)).toBe(bucket)
        all.push(...lines.map((r) => r.profileId))
      }
      expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: buckets }, (_, b) => b))
      expect(all.sort()).toEqual([...ids].sort())
    } finally {
      await spool.remove()
    }
  })

  it('refuses a bucket count that does not nest with the partitions', async () => {
    const spool = await createProfileSpool(undefined, 8)
    try {
      await expect(async () => { for await (const _ of spool.buckets(12)) { /* drain */ } }).rejects.toThrow(/must divide 8 or be a multiple of it/)
    } finally {
      await spool.remove()
    }
  })
})
