import { NO_PROFILE } from './sql-fields.ts'

/** Where a bad row is: file index, row number in the file (JSONL: line number) and the raw text to show. */
export interface BadRowRef {
  file: number
  rn: number
  detail: string
}

/** How many examples of each reason are kept. */
export const EXAMPLES_PER_REASON = 5

/**
 * Counts rejected rows by reason, keeping the first few of each (rows arrive in file and row order) and the
 * count per file. Rows without a profile id are only counted: they are dropped, not errors.
 */
export class BadRows {
  readonly reasons = new Map<string, { count: number; examples: BadRowRef[] }>()
  readonly perFile: number[] = []
  droppedNoProfile = 0
  /** rows without a profile id per file index */
  readonly droppedPerFile: number[] = []

  add(file: number, rn: number, reason: string, detail: string): void {
    if (reason === NO_PROFILE) {
      this.droppedNoProfile++
      this.droppedPerFile[file] = (this.droppedPerFile[file] ?? 0) + 1
      return
    }
    this.perFile[file] = (this.perFile[file] ?? 0) + 1
    let group = this.reasons.get(reason)
    if (!group) {
      group = { count: 0, examples: [] }
      this.reasons.set(reason, group)
    }
    group.count++
    if (group.examples.length < EXAMPLES_PER_REASON) group.examples.push({ file, rn, detail })
  }
}
