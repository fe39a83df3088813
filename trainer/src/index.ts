/**
 * @auspex/trainer — the `auspex` CLI and its parts: ingest (`openEvents`), reporting (`renderReport`),
 * publishing (`publishArtifact`) and the command runner (`runCli`). Modelling lives in `./model/`.
 */
export * from './types.ts'
export { openEvents, IngestError, PRESETS, parseMapArgs, type IngestErrorCode } from './ingest/index.ts'
export { renderReport } from './report/index.ts'
export { runCli, CliError, publishArtifact, MODEL_FILES, SCORE_COLUMNS, type CliErrorCode, type CliIo, type ModelApi, type PublishResult } from './commands/index.ts'
