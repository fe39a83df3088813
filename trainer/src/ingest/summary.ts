import type { BadRowExample, IngestSummary } from '../types.ts'
import { EXAMPLES_PER_REASON } from './bad-rows.ts'
import type { IngestSink } from './ingest-sink.ts'
import type { RejectGroup } from './read-tabular.ts'

/** What a reader reports about one file. */
export interface StagedFile {
  path: string
  format: 'csv' | 'jsonl' | 'parquet'
  rows: number
  /** valid events read from the file (set once it is read) */
  events?: number
  rejects: RejectGroup[]
  lineOf: (rn: number) => number
}

/** Builds the {@link IngestSummary} from what the readers put in the sink and their reject reports. */
export function buildSummary({ columns, bad: badRows }: IngestSink, files: StagedFile[], seconds: number): IngestSummary {
  const bad: IngestSummary['bad'] = []
  for (const [reason, group] of badRows.reasons) {
    const examples: BadRowExample[] = group.examples.map(({ file: f, rn, detail }) => {
      const file = files[f]!
      const message = file.format === 'jsonl' ? detail : detail ? `${reason} (got ${JSON.stringify(detail)})` : reason
      return { file: file.path, line: file.format === 'jsonl' ? rn : file.lineOf(rn), message }
    })
    bad.push({ reason, count: group.count, examples })
  }
  for (const file of files) {
    for (const g of file.rejects) {
      const examples = g.lines.map((line) => ({ file: file.path, line, message: g.message }))
      const existing = bad.find((b) => b.reason === g.reason)
      if (existing) { existing.count += g.count; existing.examples = [...existing.examples, ...examples].slice(0, EXAMPLES_PER_REASON) }
      else bad.push({ reason: g.reason, count: g.count, examples })
    }
  }
  bad.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))

  // codes whose strings share a canonical type (add_to_cart, addToCart) count as one type
  const names = columns.typeNames()
  const counts = new Map<string, number>()
  for (const [code, name] of names.entries()) counts.set(name, (counts.get(name) ?? 0) + (columns.typeCounts[code] ?? 0))
  const typeCounts: Record<string, number> = {}
  for (const [name, n] of [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) typeCounts[name] = n
  const events = columns.length
  return {
    files: files.map((f) => f.path),
    rowsRead: files.reduce((s, f) => s + f.rows, 0),
    events,
    profiles: columns.profiles.size,
    droppedNoProfile: badRows.droppedNoProfile,
    bad,
    typeCounts,
    firstTimestamp: events === 0 ? null : columns.first,
    lastTimestamp: events === 0 ? null : columns.last,
    seconds,
  }
}

/** Bad rows (including structural rejects) per file index. */
export function badPerFile({ bad }: IngestSink, files: StagedFile[]): number[] {
  return files.map((f, i) => f.rejects.reduce((s, g) => s + g.count, 0) + (bad.perFile[i] ?? 0))
}
