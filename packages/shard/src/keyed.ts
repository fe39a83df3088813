/**
 * Exact merging of per-shard bottom-k samples. One {@link BottomKSample} over every profile in id order keeps the
 * `max` items with the smallest keys (ties: the earlier offered, i.e. by profile id, then time), in key order, or,
 * when no more than `max` were offered, all of them in offered order. A shard's own bottom-k, over its profiles
 * in id order, holds every item of the global sample that comes from that shard, so merging the shards' parts by
 * the same order gives that sample, whatever the sharding.
 */
import { BottomKSample, selectKth } from './sample.ts'

/** An item with what orders it: its sampler key, then its profile id and time. */
export interface Keyed<T> {
  key: number
  profileId: string
  t: number
  item: T
}

/** One shard's part of a sample: the items it kept and how many it was offered. */
export interface SamplePart<T> {
  seen: number
  entries: Array<Keyed<T>>
}

const byProfile = (a: Keyed<unknown>, b: Keyed<unknown>) =>
  a.profileId < b.profileId ? -1 : a.profileId > b.profileId ? 1 : a.t - b.t
const byKey = (a: Keyed<unknown>, b: Keyed<unknown>) => a.key - b.key || byProfile(a, b)

/**
 * A bottom-k sampler whose kept items carry their order, for {@link mergeSamples}. `bound` (see {@link sampleBound})
 * lets a shard skip items that other shards have already pushed out of the merged sample.
 */
export class KeyedSample<T> {
  private readonly sample: BottomKSample<Keyed<T>>
  private readonly bound: number
  constructor(max: number, bound?: number | null) {
    this.sample = new BottomKSample(max)
    this.bound = typeof bound === 'number' ? bound : Infinity
  }
  accepts(key: number): boolean {
    return key <= this.bound && this.sample.accepts(key)
  }
  add(key: number, profileId: string, t: number, item: T): void {
    this.sample.add(key, { key, profileId, t, item })
  }
  /** The kept items; `seen` overrides how many were offered (when items were skipped before being offered). */
  part(seen = this.sample.seen): SamplePart<T> {
    return { seen, entries: this.sample.result() }
  }
}

/**
 * An inclusive upper bound on the keys of the merged sample, from the keys the parts merged so far kept (`seen`
 * offered): once more than `max` were offered, the sample of all shards can only have keys up to the `max`-th
 * smallest kept, so a shard still to run may skip every item above it (undefined until then). Exact whatever the
 * order shards run in.
 */
export function sampleBound(keys: ArrayLike<number>, max: number, seen = keys.length): number | undefined {
  if (seen <= max || keys.length < max) return undefined
  return selectKth(Float64Array.from(keys), max - 1)
}

/**
 * One part holding what the parts hold of the merged sample (at most `max` items): combining as parts arrive keeps
 * memory at O(max) and merges to the same sample ({@link mergeSamples} of the combined part).
 */
export function combineSamples<T>(parts: ReadonlyArray<SamplePart<T>>, max: number): SamplePart<T> {
  const seen = parts.reduce((n, p) => n + p.seen, 0)
  const all = parts.flatMap((p) => p.entries)
  return { seen, entries: all.length <= max ? all : all.sort(byKey).slice(0, max) }
}

/** The sample one {@link BottomKSample} of `max` would keep over all the parts' profiles in id order. */
export function mergeSamples<T>(parts: ReadonlyArray<SamplePart<T>>, max: number): T[] {
  const { seen, entries } = combineSamples(parts, max)
  return entries.sort(seen <= max ? byProfile : byKey).map((x) => x.item)
}
