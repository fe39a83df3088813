/**
 * `manifest.json` of a shard folder: the export's summary (what training needs before any feature is built: its
 * time range and type counts), and per shard its file, counts, bytes and SHA-256.
 */
import { ShardError } from './errors.ts'
import { SHARD_FORMAT_VERSION } from './format.ts'

export const MANIFEST_FILE = 'manifest.json'

/** The export's summary (the trainer's `IngestSummary`). */
export interface ExportSummary {
  files: string[]
  rowsRead: number
  events: number
  profiles: number
  droppedNoProfile: number
  bad: Array<{ reason: string; count: number; examples: Array<{ file: string; line: number; message: string }> }>
  typeCounts: Record<string, number>
  firstTimestamp: number | null
  lastTimestamp: number | null
  seconds: number
}

export interface ShardEntry {
  /** file name inside the folder, e.g. shard-0007.bin.gz */
  file: string
  profiles: number
  events: number
  /** bytes of the file (gzip'd) */
  bytes: number
  /** SHA-256 of the file, lower-case hex */
  sha256: string
}

export interface ShardManifest {
  format: 'auspex-shards'
  version: typeof SHARD_FORMAT_VERSION
  /** how profiles were assigned: shardOf(profileId, shards.length) */
  partition: 'shardOf-fnv1a32'
  createdAt: string
  summary: ExportSummary
  shards: ShardEntry[]
}

/**
 * Validates a parsed manifest; `where` (its path) goes in every error.
 * @throws ShardError `SHARD_MANIFEST_INVALID` naming the field, `UNSUPPORTED_FORMAT_VERSION`,
 *   `SHARD_MANIFEST_MISMATCH` when the shards' counts do not add up to the summary's
 */
export function parseManifest(raw: unknown, where: string): ShardManifest {
  const bad = (field: string, expected: string): never => {
    throw new ShardError('SHARD_MANIFEST_INVALID', `${where}: ${field}: expected ${expected}; re-create the folder with \`auspex shard --events … --out DIR\``)
  }
  if (typeof raw !== 'object' || raw === null) bad('$', 'an object')
  const m = raw as Partial<ShardManifest>
  if (m.format !== 'auspex-shards') bad('format', '"auspex-shards"')
  if (m.version !== SHARD_FORMAT_VERSION) {
    throw new ShardError('UNSUPPORTED_FORMAT_VERSION', `${where}: shard format version ${JSON.stringify(m.version)}, this version of Auspex reads ${SHARD_FORMAT_VERSION}; re-create the folder with \`auspex shard\``)
  }
  if (!Array.isArray(m.shards) || m.shards.length === 0) bad('shards', 'a non-empty array')
  const s = m.summary
  if (typeof s !== 'object' || s === null || !Number.isInteger(s.events) || !Number.isInteger(s.profiles) || typeof s.typeCounts !== 'object') {
    bad('summary', 'the export summary (events, profiles, typeCounts, firstTimestamp, lastTimestamp)')
  }
  m.shards!.forEach((e, i) => {
    if (typeof e?.file !== 'string' || !/^[\w.-]+$/.test(e.file)) bad(`shards[${i}].file`, 'a file name inside the folder')
    for (const k of ['profiles', 'events', 'bytes'] as const) if (!Number.isInteger(e[k]) || e[k] < 0) bad(`shards[${i}].${k}`, 'a count')
    if (typeof e.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e.sha256)) bad(`shards[${i}].sha256`, 'a hex SHA-256')
  })
  const events = m.shards!.reduce((n, e) => n + e.events, 0)
  const profiles = m.shards!.reduce((n, e) => n + e.profiles, 0)
  if (events !== s!.events || profiles !== s!.profiles) {
    throw new ShardError('SHARD_MANIFEST_MISMATCH', `${where}: the shards hold ${events} events of ${profiles} profiles but the summary says ` +
      `${s!.events} of ${s!.profiles}; the folder was altered: re-create it with \`auspex shard\``)
  }
  return m as ShardManifest
}
