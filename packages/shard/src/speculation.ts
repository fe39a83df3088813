/**
 * The training sample's speculative bound. The first shards to run have no merged parts to bound their sample by
 * (`collectBounds`), so each would build up to `maxExamples` examples: on a large export that is most of the phase's
 * memory and time. They start from a guess instead ({@link speculate}); once parts arrive, the guess is corrected
 * from the candidates they offered ({@link loosen}); at the end, every shard that ran with a bound below the merged
 * sample's largest key is topped up with the keys it skipped ({@link topUpTask}) — the shards that ran before the
 * correction, not the whole phase again. The merged sample is then exactly that of an unbounded run.
 */
import type { CollectPart, CollectTask } from './collect-task.ts'
import { sampleBound } from './keyed.ts'

/**
 * Candidate snapshots per event assumed at least by {@link speculate}: each event gives at most one snapshot and the
 * weekly cut-offs add more, so real exports have more (10 M generated events: 2.0 per event). A goal whose
 * eligibility most events miss has fewer (10 M events, `require` a purchase within 30 days: 0.22).
 */
export const MIN_CANDIDATES_PER_EVENT = 1 / 3

/**
 * How far above the need a corrected bound aims: the shards seen so far predict the rest only roughly (shards differ
 * in size and in eligible profiles), and a bound that turns out too tight costs a top-up of that shard.
 */
export const LOOSEN_MARGIN = 1.5

/** The sample's bound that keeps about `margin × maxExamples` of `candidates` (undefined: no bound). */
function boundFor(maxExamples: number, candidates: number, margin = 1): number | undefined {
  const b = (margin * maxExamples) / Math.max(1, candidates)
  return b >= 1 ? undefined : b
}

/**
 * The task with a first guess at the sample's bound, so that the first shards to run do not each build up to
 * `maxExamples` examples before any part has arrived: `maxExamples / (events × MIN_CANDIDATES_PER_EVENT)`.
 */
export function speculate(task: CollectTask, events: number): CollectTask {
  const sample = boundFor(task.maxExamples, events * MIN_CANDIDATES_PER_EVENT)
  return sample === undefined ? task : { ...task, bounds: { ...task.bounds, sample } }
}

/**
 * The speculative task corrected by the parts merged so far (`done` of `total` shards): when the candidates they
 * offered, scaled to every shard, would leave the guess's sample short of `maxExamples`, the bound is raised to keep
 * {@link LOOSEN_MARGIN} times that (or dropped). Never tightened: the merged parts' own exact bound
 * (`refineTask`) does that.
 */
export function loosen(guess: CollectTask, parts: readonly CollectPart[], done: number, total: number): CollectTask {
  const bound = guess.bounds?.sample
  if (bound === undefined || done === 0) return guess
  const candidates = (parts.reduce((n, p) => n + p.candidates, 0) * total) / done
  if (bound * candidates >= guess.maxExamples) return guess
  const sample = boundFor(guess.maxExamples, candidates, LOOSEN_MARGIN)
  const { sample: _dropped, ...others } = guess.bounds!
  return { ...guess, bounds: sample === undefined ? others : { ...others, sample: Math.max(bound, sample) } }
}

/**
 * For a shard that ran with the sample bound `ran` (undefined: none), given the combined part of every shard: the
 * task that collects the sample's keys it skipped — those in (ran, the merged sample's largest key], or every key
 * above `ran` while the merged sample is short of `maxExamples` — or undefined when it skipped none the sample needs.
 * The top-up builds no cut-off examples (those were never speculative); merge its part with {@link topUpPart}.
 */
export function topUpTask(task: CollectTask, ran: number | undefined, combined: CollectPart): CollectTask | undefined {
  if (ran === undefined) return undefined
  const largest = sampleBound(combined.sample.key, task.maxExamples, combined.sample.seen)
  if (largest !== undefined && ran >= largest) return undefined
  const { sample: _dropped, ...others } = task.bounds ?? {}
  return {
    ...task,
    bounds: { ...others, ...(largest === undefined ? {} : { sample: largest }), sampleAbove: ran, calibration: -1, test: -1 },
  }
}

/**
 * A top-up's part as it merges into the first run's: its candidates were counted by that run already (as offered to
 * the sample), so it adds only its examples.
 */
export function topUpPart(part: CollectPart): CollectPart {
  return {
    ...part,
    candidates: 0,
    sample: { ...part.sample, seen: 0 },
    calibration: { ...part.calibration, seen: 0 },
    test: { ...part.test, seen: 0 },
  }
}
