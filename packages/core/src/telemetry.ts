/**
 * Live-score telemetry, shared by the SDK (which counts) and the edge (which checks and sums): the 20 bins and
 * the UTC day a report describes. The SDK and the edge must bin alike, or PSI would compare different things.
 */

/** Scores are counted in 20 equal-width probability bins: bin i holds [i/20, (i+1)/20), the last one also 1. */
export const TELEMETRY_BINS = 20

/** The telemetry bin of a probability (0–1; out-of-range values go to the first or the last bin). */
export function scoreBin(probability: number): number {
  return Math.min(TELEMETRY_BINS - 1, Math.max(0, Math.floor(probability * TELEMETRY_BINS)))
}

/** The UTC day (`YYYY-MM-DD`) of epoch ms `at`, `offset` days later. */
export function utcDay(at: number, offset = 0): string {
  return new Date(at + offset * 86_400_000).toISOString().slice(0, 10)
}

/** The body of `POST /v1/telemetry`: one aggregate for a model version and UTC day (no ids, no events). */
export interface TelemetryReport {
  goal: string
  version: string
  /** `YYYY-MM-DD` (UTC) */
  day: string
  /** 20 counts of scores, bin i = probabilities in [i/20, (i+1)/20) */
  histogram: number[]
  /** events of types the goal's model does not know, per type */
  unknownTypes?: Record<string, number>
}
