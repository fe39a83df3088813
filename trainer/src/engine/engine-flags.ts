/** `--workers` and `--engine`, shared by the commands that run shard workers. */
import { availableParallelism } from 'node:os'
import { CliError } from '../commands/cli-error.ts'
import { intFlag, type Flags, type ParsedFlags } from '../commands/args.ts'
import { processIo, type CliIo } from '../commands/io.ts'
import type { ProgressFn } from '../types.ts'
import { ENGINES, type Engine, type EngineName } from './engine.ts'
import { createLocalEngine } from './local-engine.ts'

/** Most worker threads `--workers` accepts. */
export const MAX_WORKERS = 64

export const ENGINE_FLAGS: Flags = {
  workers: { type: 'string', value: 'N', help: `threads the command computes on at most, the CSV reader's parse threads and DuckDB's included (default: the machine's ${availableParallelism()} cores)` },
  engine: { type: 'string', value: 'local|queues', help: 'where shard workers run: local worker threads (default) or Cloudflare Queues via the edge' },
  endpoint: { type: 'string', value: 'URL', help: 'with --engine queues: the edge that runs the queue consumers (token from AUSPEX_TOKEN)' },
  'allow-insecure-http': { type: 'boolean', help: 'with --engine queues: allow a plain http:// --endpoint on another machine' },
}

export interface EngineChoice {
  engine: EngineName
  workers: number
  /** whether --workers was given (small exports then still use worker threads) */
  explicit: boolean
  /** `--endpoint` (required with --engine queues) and `--allow-insecure-http` */
  endpoint?: string
  allowInsecure: boolean
}

/** `--workers` (1 … {@link MAX_WORKERS}) and `--engine`. @throws CliError USAGE naming the flag */
export function engineFlags(command: string, flags: ParsedFlags): EngineChoice {
  const given = intFlag(command, 'workers', flags.workers as string | undefined)
  if (given !== undefined && (given < 1 || given > MAX_WORKERS)) {
    throw new CliError('USAGE', `auspex ${command}: --workers ${given}: expected 1 to ${MAX_WORKERS} threads (this machine has ${availableParallelism()} cores)`)
  }
  const engine = (flags.engine as string | undefined) ?? 'local'
  if (!(ENGINES as readonly string[]).includes(engine)) throw new CliError('USAGE', `auspex ${command}: --engine ${engine}: expected ${ENGINES.join(' or ')}`)
  const endpoint = flags.endpoint as string | undefined
  if (engine === 'queues' && endpoint === undefined) throw new CliError('USAGE', `auspex ${command}: --engine queues needs --endpoint URL (the edge that runs the queue consumers)`)
  // `auspex score --publish-profiles` sends its profiles to the same --endpoint, whatever engine scores them
  if (engine === 'local' && endpoint !== undefined && flags['publish-profiles'] !== true) throw new CliError('USAGE', `auspex ${command}: --endpoint goes with --engine queues; add --engine queues or drop it`)
  return { engine: engine as EngineName, workers: given ?? availableParallelism(), explicit: given !== undefined,
    ...(endpoint === undefined ? {} : { endpoint }), allowInsecure: flags['allow-insecure-http'] === true }
}

/** What the queues engine needs from the command (the local engine needs none of it). */
export interface EngineContext {
  io: CliIo
  command: string
  onProgress?: ProgressFn
}

/** Starts the chosen engine (the queues engine first checks that the edge answers and takes the token). */
export async function startEngine(choice: EngineChoice, context: EngineContext = { io: processIo(), command: 'auspex' }): Promise<Engine> {
  if (choice.engine === 'local') return createLocalEngine(choice.workers)
  const { createQueuesEngine } = await import('./queues.ts')
  return createQueuesEngine({ ...context, endpoint: choice.endpoint ?? '', allowInsecure: choice.allowInsecure })
}
