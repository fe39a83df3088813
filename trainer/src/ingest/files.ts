import { readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { IngestError } from './errors.ts'

/** The file formats ingest reads. */
export type FileFormat = 'csv' | 'jsonl' | 'parquet'

export interface InputFile {
  path: string
  format: FileFormat
  gzip: boolean
}

const PATTERNS: Array<[RegExp, FileFormat, boolean]> = [
  [/\.(csv|tsv)$/i, 'csv', false],
  [/\.(csv|tsv)\.gz$/i, 'csv', true],
  [/\.(jsonl|ndjson|json)$/i, 'jsonl', false],
  [/\.(jsonl|ndjson|json)\.gz$/i, 'jsonl', true],
  [/\.parquet$/i, 'parquet', false],
]

/** The field delimiter of a CSV file: a tab for `.tsv` (optionally `.gz`), else a comma. */
export function csvDelimiter(file: InputFile): ',' | '\t' {
  return /\.tsv(\.gz)?$/i.test(file.path) ? '\t' : ','
}

/** Format of a file from its name, or undefined when the extension is not one ingest reads. */
export function detectFormat(path: string): { format: FileFormat; gzip: boolean } | undefined {
  for (const [re, format, gzip] of PATTERNS) if (re.test(path)) return { format, gzip }
  return undefined
}

const SUPPORTED = '.csv, .jsonl, .ndjson, .json (each optionally .gz) and .parquet'

/**
 * Expands the given paths (files or folders of files, not recursive) into input files, sorted by name
 * within a folder. Hidden files in folders are skipped.
 * @throws IngestError INGEST_FILE_NOT_FOUND, INGEST_UNKNOWN_FORMAT, INGEST_NO_FILES
 */
export async function expandInputs(paths: readonly string[]): Promise<InputFile[]> {
  if (paths.length === 0) throw new IngestError('INGEST_NO_FILES', 'no event files given: pass --events FILE (or a folder)')
  const out: InputFile[] = []
  for (const raw of paths) {
    const path = resolve(raw)
    const info = await stat(path).catch(() => undefined)
    if (!info) throw new IngestError('INGEST_FILE_NOT_FOUND', `${raw}: no such file or folder; check the --events path`)
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((n) => !n.startsWith('.')).sort()
      const found = names.map((n) => ({ n, f: detectFormat(n) })).filter((x) => x.f !== undefined)
      if (found.length === 0) throw new IngestError('INGEST_NO_FILES', `${raw}: the folder holds no event files (${SUPPORTED})`)
      for (const { n, f } of found) out.push({ path: join(path, n), ...f! })
    } else {
      const f = detectFormat(path)
      if (!f) throw new IngestError('INGEST_UNKNOWN_FORMAT', `${raw}: unknown file type; ingest reads ${SUPPORTED}. Rename the file or convert it`)
      out.push({ path, ...f })
    }
  }
  return out
}
