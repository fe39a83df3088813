/**
 * @auspex/shard — the shard worker. Batch work after ingest is per profile, so it runs on shards of whole
 * profiles: decode a shard ({@link readShard}), run a task on it ({@link runShard}: survey, collect, describe or
 * score), and merge the parts of every shard ({@link mergeParts}) — exactly, whatever the sharding. Pure ES2022 plus
 * the web's CompressionStream and crypto.subtle: runs in Node worker threads and in workerd.
 */
export { ShardError, type ShardErrorCode } from './errors.ts'
export { decodeShard, encodeShard, MAX_SHARD_EVENTS, SHARD_FORMAT_VERSION, type ShardHeader, type ShardTable } from './format.ts'
export { gunzip, gzip, sha256Hex } from './gzip.ts'
export { shardProfiles, type ShardProfile } from './profiles.ts'
export { shardOf } from './shard-of.ts'
export { ShardBuilder } from './shard-builder.ts'
export { MANIFEST_FILE, parseManifest, type ExportSummary, type ShardEntry, type ShardManifest } from './manifest.ts'
export { combineParts, mergeParts, readShard, refineTask, runShard, runTask, tableProfiles, type MergedOf, type PartOf, type ShardPart, type ShardTask } from './task.ts'
export type { ProfilesOf } from './task-types.ts'
export { PartCombiner } from './part-combiner.ts'
export { mergeSurveys, surveyShard, type Survey, type SurveyPart, type SurveyTask } from './survey-task.ts'
export { collectBounds, collectShard, mergeCollect, MAX_CUTOFF_EXAMPLES, type Collected, type CollectPart, type CollectTask } from './collect-task.ts'
export { LOOSEN_MARGIN, loosen, MIN_CANDIDATES_PER_EVENT, speculate, topUpPart, topUpTask } from './speculation.ts'
export { describeBound, describeShard, DESCRIBE_POPULATION, DESCRIBE_ROWS, mergeDescribe, populationRate, type DescribePart, type DescribeTask, type Described } from './describe-task.ts'
export { forEachScoreRow, scoreShard, type ScorePart, type ScoreRow, type ScoreTask } from './score-task.ts'
export { decodeResult, encodeResult } from './result-json.ts'
export { packExamples, unpackExamples, type ExampleBatch } from './example-batch.ts'
export { combineSamples, KeyedSample, mergeSamples, sampleBound, type Keyed, type SamplePart } from './keyed.ts'
export { cutoffExample, profileExamples, type Example, type ExampleOptions } from './examples.ts'
export { BottomKSample, DEFAULT_MAX_EXAMPLES, DEFAULT_SEED, hashPrefix, selectKth, unitHash, unitHashAfter } from './sample.ts'
export { fnv1a, fnv1aBytes, FNV_OFFSET } from './fnv.ts'
export { cutoffStep, jitteredCutoffs, roleOf, splitOf, type Holdout, type ProfileRole, type SplitPlan } from './split-plan.ts'
export { outcomeTimes, RecurrenceTally, type OutcomeRecurrence } from './outcome-recurrence.ts'
