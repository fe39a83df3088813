/**
 * The Cloudflare Queues engine (issue 18, item 4): shards uploaded to R2 through the edge, one message per shard,
 * consumer Workers run `@auspex/shard`'s `runShard` and write each part to R2 (`encodeResult`), the CLI gathers
 * them. This is the seam the queues work fills in; until then `--engine queues` is refused.
 */
import { CliError } from '../commands/cli-error.ts'
import type { ProgressFn } from '../types.ts'
import type { Engine } from './engine.ts'

export interface QueuesEngineOptions {
  /** the edge's base URL */
  endpoint: string
  /** bearer token for the job routes */
  token: string
  onProgress?: ProgressFn
}

/** @throws CliError USAGE: not built yet */
export async function createQueuesEngine(_options: QueuesEngineOptions): Promise<Engine> {
  throw new CliError('USAGE', '--engine queues: this build has no Queues engine yet; use --engine local (the default)')
}
