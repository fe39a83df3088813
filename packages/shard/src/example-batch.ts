/**
 * Sampled examples as columns (typed arrays and one list of ids): what a shard returns for training. It crosses a
 * worker_threads boundary without per-example objects, and {@link encodeResult} turns it into JSON for Queues.
 */
import type { Example } from './examples.ts'
import type { Keyed, SamplePart } from './keyed.ts'
import { selectKth } from './sample.ts'

export interface ExampleBatch {
  /** items the shard's sampler was offered */
  seen: number
  /** features per example */
  width: number
  key: Float64Array
  profileId: string[]
  t: Float64Array
  /** 0 = cutoff, 1 = event */
  kind: Uint8Array
  label: Uint8Array
  events: Int32Array
  lastEvent: Float64Array
  /** example i's features are features[i * width … (i + 1) * width) */
  features: Float32Array
}

/** Packs a shard's part of a sample. */
export function packExamples(part: SamplePart<Example>, width: number): ExampleBatch {
  const n = part.entries.length
  const b: ExampleBatch = {
    seen: part.seen, width, key: new Float64Array(n), profileId: new Array<string>(n), t: new Float64Array(n),
    kind: new Uint8Array(n), label: new Uint8Array(n), events: new Int32Array(n), lastEvent: new Float64Array(n),
    features: new Float32Array(n * width),
  }
  part.entries.forEach(({ key, item: x }, i) => {
    b.key[i] = key
    b.profileId[i] = x.profileId
    b.t[i] = x.t
    b.kind[i] = x.kind === 'event' ? 1 : 0
    b.label[i] = x.label
    b.events[i] = x.events
    b.lastEvent[i] = x.lastEvent
    b.features.set(x.features, i * width)
  })
  return b
}

/** The examples of a packed part, with their keys (features are views into the batch). */
export function unpackExamples(b: ExampleBatch): SamplePart<Example> {
  const entries: Array<Keyed<Example>> = b.profileId.map((profileId, i) => ({
    key: b.key[i]!, profileId, t: b.t[i]!,
    item: {
      profileId, t: b.t[i]!, kind: b.kind[i] === 1 ? 'event' : 'cutoff', label: b.label[i] === 1 ? 1 : 0,
      events: b.events[i]!, lastEvent: b.lastEvent[i]!, features: b.features.subarray(i * b.width, (i + 1) * b.width),
    },
  }))
  return { seen: b.seen, entries }
}

/**
 * The batches' examples as one batch, as `combineSamples` would keep them, without an object per example: all of them
 * (in the order given) when they fit in `max`, else the `max` first by key, then profile id and time, ties in the
 * order given. Combining parts as they arrive (40 shards, a 300 k sample) cost the main thread ~3 s in objects and
 * comparator sorts; this selects with one linear pass and sorts only what it keeps.
 */
export function combineBatches(batches: readonly ExampleBatch[], max: number): ExampleBatch {
  const width = batches[0]?.width ?? 0
  const n = batches.reduce((s, b) => s + b.key.length, 0)
  const seen = batches.reduce((s, b) => s + b.seen, 0)
  const key = new Float64Array(n)
  const profileId = new Array<string>(n)
  const t = new Float64Array(n)
  const batchOf = new Int32Array(n)
  const rowOf = new Int32Array(n)
  let at = 0
  batches.forEach((b, bi) => {
    key.set(b.key, at)
    t.set(b.t, at)
    for (let r = 0; r < b.key.length; r++, at++) { profileId[at] = b.profileId[r]!; batchOf[at] = bi; rowOf[at] = r }
  })
  let order: ArrayLike<number>
  if (n <= max) order = Int32Array.from({ length: n }, (_, i) => i)
  else {
    // every example of the `max` first has a key ≤ the max-th smallest; sorting those few settles ties and order
    const threshold = selectKth(Float64Array.from(key), max - 1)
    const picked: number[] = []
    for (let i = 0; i < n; i++) if (key[i]! <= threshold) picked.push(i)
    picked.sort((a, b) => key[a]! - key[b]! || (profileId[a]! < profileId[b]! ? -1 : profileId[a]! > profileId[b]! ? 1 : t[a]! - t[b]! || a - b))
    order = picked.slice(0, max)
  }
  const m = order.length
  const out: ExampleBatch = {
    seen, width, key: new Float64Array(m), profileId: new Array<string>(m), t: new Float64Array(m),
    kind: new Uint8Array(m), label: new Uint8Array(m), events: new Int32Array(m), lastEvent: new Float64Array(m),
    features: new Float32Array(m * width),
  }
  for (let j = 0; j < m; j++) {
    const i = order[j]!
    const b = batches[batchOf[i]!]!
    const r = rowOf[i]!
    out.key[j] = key[i]!
    out.profileId[j] = profileId[i]!
    out.t[j] = t[i]!
    out.kind[j] = b.kind[r]!
    out.label[j] = b.label[r]!
    out.events[j] = b.events[r]!
    out.lastEvent[j] = b.lastEvent[r]!
    out.features.set(b.features.subarray(r * width, (r + 1) * width), j * width)
  }
  return out
}
