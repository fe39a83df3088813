/**
 * Shared types of the trainer: the contract between ingest (src/ingest/), modelling (src/model/),
 * reporting (src/report/) and the CLI (src/cli.ts). Extend, don't rename.
 */
import type { AuspexEvent, ModelArtifact } from '@auspex/core'
import type { ProfilesOf } from '@auspex/shard'

/** One profile's events, sorted by time. */
export interface ProfileEvents {
  profileId: string
  events: AuspexEvent[]
}

export interface BadRowExample {
  file: string
  /** 1-based line (row) number in the file, header included */
  line: number
  message: string
}

export interface IngestSummary {
  files: string[]
  rowsRead: number
  events: number
  profiles: number
  /** rows dropped because they have no profile id (e.g. Online Retail rows without CustomerID) */
  droppedNoProfile: number
  /** rows that could not be read, by reason, with the first few examples */
  bad: Array<{ reason: string; count: number; examples: BadRowExample[] }>
  typeCounts: Record<string, number>
  firstTimestamp: number | null
  lastTimestamp: number | null
  seconds: number
}

export interface Progress {
  step: string
  done: number
  total?: number
  unit?: string
}

export type ProgressFn = (progress: Progress) => void

export interface IngestOptions {
  /** field → source column or SQL expression, e.g. { profileId: 'CustomerID', value: 'Quantity * UnitPrice' } */
  map?: Record<string, string>
  /** a named mapping for a known export, e.g. 'online-retail' */
  preset?: string
  onProgress?: ProgressFn
  /** threads reading may use: DuckDB's, or the CSV fast path's parse threads (1: parse in this thread); default: the cores */
  threads?: number
  /**
   * 'auto' (default): a plain CSV (the event fields as columns, no attribute columns) is read by the fast JS reader
   * (`ingest/read-csv.ts`), which hands a file to DuckDB at the first line it does not read; 'duckdb': every CSV by DuckDB
   */
  csvReader?: 'auto' | 'duckdb'

  /** DuckDB memory limit for reading CSV and Parquet, e.g. '1GB' (the default) */
  memoryLimit?: string
  /** folder where DuckDB may spill while reading (default: the OS temp folder) */
  tempDir?: string
}

/** An opened event export. Streaming: holds no per-event JS objects beyond one profile at a time. */
export interface EventSource {
  readonly summary: IngestSummary
  /** Each profile's events sorted by time; only events with timestamp < `before` when given. */
  profiles(options?: { before?: number }): AsyncIterable<ProfileEvents>
  close(): Promise<void>
  /**
   * A sharded source's shards, each read when iterated (profiles in id order within a shard): training runs its
   * phases shard by shard over them, so that its merges are exact (src/model/phases.ts).
   */
  readonly shards?: ReadonlyArray<ProfilesOf>
}

export interface DecileRow {
  decile: number
  count: number
  positives: number
  rate: number
  lift: number
  /** share of all positives captured in deciles 1..decile */
  cumulativeGain: number
}

export interface CalibrationRow {
  bin: number
  meanPredicted: number
  observedRate: number
  count: number
}

/** The window and population a set of metrics describes (the hold-out protocol of `auspex evaluate --as-of`). */
export interface Evaluation {
  /** ISO: features from events before it */
  cutoff: string
  /** ISO [from, to): the labels' events */
  labelWindow: [string, string]
  population: 'eligible profiles at the cut-off' | 'a third of the eligible profiles at the cut-off (holdout: profiles)'
    | 'profiles eligible under both models\' goals at the cut-off'
  /** examples: one per eligible profile */
  n: number
}

/** metrics.json (names fixed by DESIGN.md). */
export interface Metrics {
  goal: string
  modelVersion: string
  auc: number
  prAuc: number
  logLoss: number
  brier: number
  baseRate: number
  positives: number
  negatives: number
  /** decile lift, decile 1 = highest scores */
  lift: DecileRow[]
  /** cumulative gains at each decile (share of positives captured) */
  gains: Array<{ decile: number; share: number }>
  calibration: CalibrationRow[]
  /** expected calibration error: 10 equal-width probability bins, weighted by count */
  ece: number
  /** what the figures measure: the cut-off, its label window and the population scored */
  evaluation: Evaluation
  roc: Array<{ fpr: number; tpr: number }>
  /** how examples were split in time */
  split: { train: [string, string]; validation: [string, string]; test: [string, string]; examples: { train: number; validation: number; test: number } }
  /** AUC of simple baselines on the same test population: recency (−days since the last event), frequency (events) */
  baselines?: Record<string, number>
  warnings: string[]
}

/** Factor statistics for the report: how often each factor is "high importance" overall and per bucket. */
export interface FactorStats {
  overall: Array<{ code: string; name: string; meanAbsContribution: number; shareHigh: number }>
  byBucket: Record<'low' | 'medium' | 'high', Array<{ code: string; name: string; share: number; direction: 'up' | 'down' }>>
}

/** The report's segments section (`auspex train --segments FILE`): the rules evaluated on the hold-out population. */
export interface ReportSegments {
  /** when the hold-out population was scored (ISO; the start of the test split), from events before it */
  asOf: string
  /** eligible profiles scored then */
  population: number
  /** rules that read only this model's goal, in file order */
  segments: Array<{ name: string; description?: string; size: number; share: number; meanScore: number | null }>
  /** rules that read other goals too (not evaluated here) */
  needs: Array<{ name: string; description?: string; goals: string[] }>
}

export interface TrainResult {
  artifact: ModelArtifact
  metrics: Metrics
  factors: FactorStats
  /** histogram of 0–100 scores of the eligible population at the last cut-off (20 bins of 5 points) */
  scoreHistogram: number[]
  /** the share of profiles the histogram and the percentiles were scored from, when not all (large exports) */
  populationShare?: number
  ingest: IngestSummary
  seconds: number
  /** present when trained with segment rules */
  segments?: ReportSegments
}
