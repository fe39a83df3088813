/**
 * Puts the shards' results back in the order of a local run: each shard's result lines are in `seq` order (a shard
 * holds its profiles in source order), so a k-way merge on `seq` restores the source's order across shards.
 */
import { createGunzip } from 'node:zlib'
import { Readable } from 'node:stream'
import { createInterface } from 'node:readline'
import type { Prediction } from '@auspex/core'

/** One result line of a score shard (edge/src/jobs/shard-runner.ts `ScoreLine`). */
export interface ScoreLine { seq: number; profileId: string; predictions: Record<string, Prediction> }

async function* lines(gz: Uint8Array): AsyncGenerator<ScoreLine> {
  const reader = createInterface({ input: Readable.from([Buffer.from(gz)]).pipe(createGunzip()), crlfDelay: Infinity })
  for await (const line of reader) if (line.trim() !== '') yield JSON.parse(line) as ScoreLine
}

/** The lines of all `results` (gzip JSON Lines, one per shard), merged in ascending `seq`. */
export async function* mergeBySeq(results: readonly Uint8Array[]): AsyncGenerator<ScoreLine> {
  const streams = results.map(lines)
  const heads = await Promise.all(streams.map((s) => s.next()))
  for (;;) {
    let best = -1
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i]!
      if (!h.done && (best < 0 || h.value.seq < (heads[best]!.value as ScoreLine).seq)) best = i
    }
    if (best < 0) return
    yield heads[best]!.value as ScoreLine
    heads[best] = await streams[best]!.next()
  }
}
