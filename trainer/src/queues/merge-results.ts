/**
 * Puts the shards' score rows back in the order of a local run: the source yields profiles in id order (code unit
 * order) and each shard's rows keep that order, so a k-way merge on the id restores it across shards.
 */
import type { ScorePart, ScoreRow } from '@auspex/shard'

/** The rows of every part, merged in ascending profile id. */
export function* mergeById(parts: readonly ScorePart[]): Generator<ScoreRow> {
  const at = parts.map(() => 0)
  for (;;) {
    let best = -1
    let bestId = ''
    for (let i = 0; i < parts.length; i++) {
      const row = parts[i]!.rows[at[i]!]
      if (row && (best < 0 || row.profileId < bestId)) { best = i; bestId = row.profileId }
    }
    if (best < 0) return
    yield parts[best]!.rows[at[best]!++]!
  }
}
