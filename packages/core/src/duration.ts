import { AuspexError } from './errors.ts'

export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000

const DURATION = /^(\d+(?:\.\d+)?)\s*(h|d)$/

/**
 * Parses a duration such as `"30d"` or `"12h"` into milliseconds.
 * @throws {AuspexError} `INVALID_DURATION` naming `path` when the text is not `<number>h` or `<number>d` (> 0).
 * @example parseDuration('30d') // 2_592_000_000
 */
export function parseDuration(text: unknown, path = 'duration'): number {
  const match = typeof text === 'string' ? DURATION.exec(text.trim()) : null
  const amount = match ? Number(match[1]) : NaN
  if (!match || !(amount > 0)) {
    throw new AuspexError('INVALID_DURATION', `expected a duration like "30d" or "12h" (a positive number followed by h or d), got ${JSON.stringify(text)}`, { path })
  }
  return amount * (match[2] === 'h' ? HOUR_MS : DAY_MS)
}

/** Formats milliseconds as the shortest of `"Nd"` / `"Nh"` that is exact. */
export function formatDuration(ms: number): string {
  return ms % DAY_MS === 0 ? `${ms / DAY_MS}d` : `${ms / HOUR_MS}h`
}
