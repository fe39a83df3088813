import { EVENT_LIMITS, isEpochNumber, toEpochMs } from '@auspex/core'
import { EdgeError } from './errors.ts'

const FIRST = new Date(EVENT_LIMITS.minTimestamp).toISOString()
const LAST = new Date(EVENT_LIMITS.maxTimestamp).toISOString()

/** A value for an error message: JSON, cut short so a hostile body cannot make the error huge. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 64 ? `${text.slice(0, 61)}...` : text
}

/**
 * Reads a time the API accepts (`at`, `since`): ISO 8601 text or epoch milliseconds, within the range core accepts
 * for event timestamps ({@link EVENT_LIMITS}, 1990–2200), so every time the edge scores at is one an event can have.
 * @throws {EdgeError} 400 `INVALID_REQUEST` whose message starts with `field`.
 */
export function readRequestTime(value: unknown, field: string): number {
  const ms = toEpochMs(value)
  if (Number.isNaN(ms)) {
    throw new EdgeError(400, 'INVALID_REQUEST', `${field}: expected an ISO 8601 timestamp or epoch milliseconds, got ${shown(value)}`)
  }
  if (ms < EVENT_LIMITS.minTimestamp || ms > EVENT_LIMITS.maxTimestamp) {
    // a number out of range is most often epoch seconds; a date, a placeholder or a typo
    const hint = isEpochNumber(value) ? 'epoch seconds must be multiplied by 1000' : 'send a time in that range'
    throw new EdgeError(400, 'INVALID_REQUEST', `${field}: ${shown(value)} is outside ${FIRST} – ${LAST}; ${hint}`)
  }
  return ms
}
