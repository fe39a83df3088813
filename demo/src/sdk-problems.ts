/**
 * What the demo does with a problem the SDK reports (`onError`): nothing a shopper sees. A shopper cannot act on
 * "model fetch failed", and the panel already shows what works (a cached model offline, or no model yet), so
 * network-type problems go to the console at debug level and the others as warnings for the developer.
 */

/** Codes that mean "the network or the edge is not there right now": expected offline, not a bug. */
const OFFLINE_CODES = new Set(['NETWORK', 'MODEL_FETCH_FAILED', 'SEGMENTS_FETCH_FAILED', 'OFFLINE'])

/** The console level for an SDK problem: `debug` for offline-type problems, else `warn`. */
export function problemLevel(code: string): 'debug' | 'warn' {
  return OFFLINE_CODES.has(code) ? 'debug' : 'warn'
}

/** Logs an SDK problem at its level (never a toast). */
export function logProblem(e: { code: string; message: string }, log: Pick<Console, 'debug' | 'warn'> = console): void {
  log[problemLevel(e.code)](`auspex ${e.code}: ${e.message}`)
}
