/**
 * Sampled examples as columns (typed arrays and one list of ids): what a shard returns for training. It crosses a
 * worker_threads boundary without per-example objects, and {@link encodeResult} turns it into JSON for Queues.
 */
import type { Example } from './examples.ts'
import type { Keyed, SamplePart } from './keyed.ts'

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
