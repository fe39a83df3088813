import { CliError } from './cli-error.ts'
import type { Flags, ParsedFlags } from './args.ts'

/** The flags of the commands that run per-profile work on an engine (`auspex score`, `auspex train`). */
export const ENGINE_FLAGS: Flags = {
  engine: { type: 'string', value: 'local|queues', help: 'local (default): this machine; queues: the edge\'s Cloudflare Queues consumers (needs --endpoint, AUSPEX_TOKEN)' },
  endpoint: { type: 'string', value: 'URL', help: 'with --engine queues: the edge, e.g. https://auspex.example.workers.dev' },
  shards: { type: 'string', value: 'N', help: 'with --engine queues: shards to split the export into (default: one per 100,000 events)' },
  'allow-insecure-http': { type: 'boolean', help: 'with --engine queues: allow a plain http:// --endpoint on another machine' },
}

export interface EngineChoice {
  engine: 'local' | 'queues'
  shards: number | undefined
}

/** `--engine`, `--endpoint` and `--shards`, checked before the events are read. @throws CliError USAGE naming the flag */
export function engineFlags(command: string, flags: ParsedFlags): EngineChoice {
  const engine = (flags.engine as string | undefined) ?? 'local'
  if (engine !== 'local' && engine !== 'queues') throw new CliError('USAGE', `auspex ${command}: --engine ${engine}: use local or queues`)
  if (engine === 'queues' && flags.endpoint === undefined) {
    throw new CliError('USAGE', `auspex ${command}: --engine queues needs --endpoint URL (the edge that runs the queue consumers)`)
  }
  if (engine === 'local' && (flags.endpoint !== undefined || flags.shards !== undefined)) {
    throw new CliError('USAGE', `auspex ${command}: --endpoint and --shards go with --engine queues; add --engine queues or drop them`)
  }
  const raw = flags.shards as string | undefined
  const shards = raw === undefined ? undefined : Number(raw)
  if (shards !== undefined && (!Number.isInteger(shards) || shards < 1 || shards > 10_000)) {
    throw new CliError('USAGE', `auspex ${command}: --shards ${raw}: a whole number 1 … 10000`)
  }
  return { engine, shards }
}
