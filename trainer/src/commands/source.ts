import { openEvents, parseMapArgs } from '../ingest/index.ts'
import type { EventSource, ProgressFn } from '../types.ts'
import type { Flags, ParsedFlags } from './args.ts'

/** Flags every command that reads events shares. */
export const SOURCE_FLAGS: Flags = {
  events: { type: 'string', multiple: true, required: true, value: 'FILE', help: 'event export: .csv/.jsonl/.parquet (optionally .gz) file or folder; repeatable' },
  map: { type: 'string', multiple: true, value: 'field=column', help: 'map a field to a column or SQL expression, e.g. value=Quantity*UnitPrice; repeatable' },
  preset: { type: 'string', value: 'NAME', help: 'a named mapping: online-retail (auto-detected from its header)' },
}

/** Opens the `--events` of a command with its `--map`/`--preset`. */
export async function openSource(_command: string, flags: ParsedFlags, onProgress: ProgressFn): Promise<EventSource> {
  const map = parseMapArgs((flags.map as string[] | undefined) ?? [])
  return openEvents(flags.events as string[], { map, ...(flags.preset ? { preset: flags.preset as string } : {}), onProgress })
}
