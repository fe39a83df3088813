/** `--workers` and `--engine`, shared by the commands that run shard workers. */
import { availableParallelism } from 'node:os'
import { CliError } from '../commands/cli-error.ts'
import { intFlag, type Flags, type ParsedFlags } from '../commands/args.ts'
import { ENGINES, type Engine, type EngineName } from './engine.ts'
import { createLocalEngine } from './local-engine.ts'

/** Most worker threads `--workers` accepts. */
export const MAX_WORKERS = 64

export const ENGINE_FLAGS: Flags = {
  workers: { type: 'string', value: 'N', help: `threads the command uses at most, DuckDB's included (default: the machine's ${availableParallelism()} cores)` },
  engine: { type: 'string', value: 'local|queues', help: 'where shard workers run: local worker threads (default) or Cloudflare Queues via the edge' },
}

export interface EngineChoice {
  engine: EngineName
  workers: number
  /** whether --workers was given (small exports then still use worker threads) */
  explicit: boolean
}

/** `--workers` (1 … {@link MAX_WORKERS}) and `--engine`. @throws CliError USAGE naming the flag */
export function engineFlags(command: string, flags: ParsedFlags): EngineChoice {
  const given = intFlag(command, 'workers', flags.workers as string | undefined)
  if (given !== undefined && (given < 1 || given > MAX_WORKERS)) {
    throw new CliError('USAGE', `auspex ${command}: --workers ${given}: expected 1 to ${MAX_WORKERS} threads (this machine has ${availableParallelism()} cores)`)
  }
  const engine = (flags.engine as string | undefined) ?? 'local'
  if (!(ENGINES as readonly string[]).includes(engine)) throw new CliError('USAGE', `auspex ${command}: --engine ${engine}: expected ${ENGINES.join(' or ')}`)
  return { engine: engine as EngineName, workers: given ?? availableParallelism(), explicit: given !== undefined }
}

/** Starts the chosen engine. */
export async function startEngine(choice: EngineChoice): Promise<Engine> {
  if (choice.engine === 'local') return createLocalEngine(choice.workers)
  const { createQueuesEngine } = await import('./queues.ts')
  return createQueuesEngine({ endpoint: '', token: process.env.AUSPEX_TOKEN ?? '' })
}
