/**
 * The disk spool of `auspex score --publish-profiles`: profile records are written to disk as they are scored
 * (10 M records of a few KB each do not fit in memory) and read back one upload bucket at a time.
 *
 * The number of upload buckets depends on the number of records, known only at the end, so records are spooled
 * into {@link SPOOL_PARTITIONS} files by their id's FNV-1a hash (core's `profileBucket`), each line prefixed with
 * the full 32-bit hash. A bucket count N that divides the partition count, or is a multiple of it, makes every
 * upload bucket (hash mod N) the union of whole partitions, or a part of one partition: each file is read once.
 */
import { appendFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { profileBucket, type ProfileRecord } from '@auspex/core'

/** Spool files (a power of two). With 10 M records each holds ~10 k records: a few tens of MB, read at once. */
export const SPOOL_PARTITIONS = 1024
/** Records per upload bucket the uploader aims at (the edge's limit per PUT is well above it). */
export const TARGET_BUCKET_RECORDS = 500
/** Bytes buffered per partition before it is appended to its file (bounds memory to ~64 MB). */
const FLUSH_BYTES = 64 * 1024

const FULL_HASH = 2 ** 32

/**
 * The bucket count for `records` records: about {@link TARGET_BUCKET_RECORDS} each, and a power of two up to
 * `partitions`, or a multiple of `partitions` above (so that buckets and spool partitions nest).
 */
export function bucketCount(records: number, partitions = SPOOL_PARTITIONS, target = TARGET_BUCKET_RECORDS): number {
  const wanted = Math.max(1, Math.ceil(records / target))
  if (wanted > partitions) return partitions * Math.ceil(wanted / partitions)
  let n = 1
  while (n < wanted) n *= 2
  return n
}

/** One upload bucket: its number and its records as JSON Lines (each line ends with a newline). */
export interface SpooledBucket {
  bucket: number
  records: number
  body: string
}

export interface ProfileSpool {
  readonly dir: string
  /** records added so far */
  readonly count: number
  add(record: ProfileRecord): Promise<void>
  /** Writes what is still buffered; call before {@link buckets}. */
  flush(): Promise<void>
  /** Every bucket 0..`buckets`−1 exactly once (empty ones too), in an order that reads each file once. */
  buckets(buckets: number): AsyncIterable<SpooledBucket>
  /** Deletes the spool folder. */
  remove(): Promise<void>
}

/** A spool in a new folder under `parent` (default: the system's temporary folder). */
export async function createProfileSpool(parent = tmpdir(), partitions = SPOOL_PARTITIONS): Promise<ProfileSpool> {
  await mkdir(parent, { recursive: true })
  const dir = await mkdtemp(join(parent, 'auspex-profiles-'))
  const file = (p: number) => join(dir, `${p}.jsonl`)
  const pending: string[] = Array.from({ length: partitions }, () => '')
  let count = 0

  const write = async (p: number) => {
    if (pending[p] === '') return
    const text = pending[p]!
    pending[p] = ''
    await appendFile(file(p), text)
  }
  /** Lines of one partition as [hash, line] (the line without its hash prefix). */
  const read = async (p: number): Promise<Array<[number, string]>> => {
    let text: string
    try {
      text = await readFile(file(p), 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    const out: Array<[number, string]> = []
    for (const line of text.split('\n')) {
      if (line === '') continue
      const tab = line.indexOf('\t')
      out.push([Number(line.slice(0, tab)), line.slice(tab + 1)])
    }
    return out
  }
  const joined = (lines: readonly string[]) => (lines.length === 0 ? '' : lines.join('\n') + '\n')

  return {
    dir,
    get count() { return count },
    async add(record) {
      const hash = profileBucket(record.profileId, FULL_HASH)
      const p = hash % partitions
      pending[p] += `${hash}\t${JSON.stringify(record)}\n`
      count++
      if (pending[p]!.length >= FLUSH_BYTES) await write(p)
    },
    async flush() {
      for (let p = 0; p < partitions; p++) await write(p)
    },
    async *buckets(n) {
      if (n <= partitions) {
        if (partitions % n !== 0) throw new RangeError(`bucket count ${n} must divide ${partitions} or be a multiple of it`)
        for (let b = 0; b < n; b++) {
          const lines: string[] = []
          for (let p = b; p < partitions; p += n) for (const [, line] of await read(p)) lines.push(line)
          yield { bucket: b, records: lines.length, body: joined(lines) }
        }
        return
      }
      if (n % partitions !== 0) throw new RangeError(`bucket count ${n} must divide ${partitions} or be a multiple of it`)
      for (let p = 0; p < partitions; p++) {
        const groups = new Map<number, string[]>()
        for (const [hash, line] of await read(p)) {
          const b = hash % n
          const group = groups.get(b)
          if (group) group.push(line)
          else groups.set(b, [line])
        }
        for (let b = p; b < n; b += partitions) {
          const lines = groups.get(b) ?? []
          yield { bucket: b, records: lines.length, body: joined(lines) }
        }
      }
    },
    async remove() {
      await rm(dir, { recursive: true, force: true })
    },
  }
}
