/**
 * Decay factors e^(-λ_i·gap) for the feature reducer, with a memo of the latest gap.
 *
 * `Math.exp` is the reducer's largest single cost: each counter an event touches needs one factor per half-life.
 * But the counters one event touches often share their gap: the "all" counter and the session counter when
 * the previous visit was a single event; the type's counter, the outcome's and a custom event's when their
 * previous event was the same one (and the "all" counter's when the previous event had the same type). Keeping
 * the factors of the latest gap makes those exponentials free, and the same gap gives the same factors, so the
 * counters hold exactly the bits they would if every counter computed its own `Math.exp(-λ_i * gap)`.
 */
export interface Decay {
  /** ln 2 / halfLife_i, in 1/ms */
  readonly lambdas: readonly number[]
  /** e^(-λ_i·gap) for `gap` */
  readonly factors: Float64Array
  /** the gap `factors` are for (NaN: none yet) */
  gap: number
}

export function createDecay(lambdas: readonly number[]): Decay {
  return { lambdas: [...lambdas], factors: new Float64Array(lambdas.length), gap: NaN }
}

/** The factors e^(-λ_i·gap) for a gap > 0 ms; valid until the next call with another gap. */
export function decayFactors(decay: Decay, gap: number): Float64Array {
  // Kept tiny so that it inlines into every counter update; the exponentials are out of line
  if (gap !== decay.gap) computeFactors(decay, gap)
  return decay.factors
}

function computeFactors(decay: Decay, gap: number): void {
  const f = decay.factors
  const lambdas = decay.lambdas
  for (let i = 0; i < f.length; i++) f[i] = Math.exp(-lambdas[i]! * gap)
  decay.gap = gap
}
