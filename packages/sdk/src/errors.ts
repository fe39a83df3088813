/** Error codes of the SDK. Core's `AuspexError` codes (e.g. `INVALID_EVENT`, `MODEL_HASH_MISMATCH`) pass through as they are. */
export type SdkErrorCode =
  | 'INVALID_OPTIONS'
  | 'INVALID_EVENT'
  | 'UNKNOWN_EVENT_TYPE'
  | 'UNKNOWN_GOAL'
  | 'MODEL_FETCH_FAILED'
  | 'MODEL_INVALID'
  | 'SEGMENTS_FETCH_FAILED'
  | 'INVALID_SEGMENT'
  | 'CACHE_CORRUPT'
  | 'STORAGE_UNAVAILABLE'
  | 'WORKER_UNAVAILABLE'
  | 'IDENTIFY_FAILED'
  | 'IDENTITY_STATE_MISMATCH'
  | 'INVALID_ARGUMENT'
  | 'INTERNAL'

/** An SDK error with a machine-readable `code`; it keeps the code across the worker boundary. */
export class SdkError extends Error {
  override readonly name = 'SdkError'
  readonly code: SdkErrorCode | string

  constructor(code: SdkErrorCode | string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/** `{ code, message }` of anything thrown: keeps a `code` when there is one, else `fallback`. */
export function toErrorInfo(error: unknown, fallback: SdkErrorCode = 'INTERNAL'): { code: string; message: string } {
  const e = error as { code?: unknown; message?: unknown } | null
  const code = e && typeof e.code === 'string' ? e.code : fallback
  const message = e && typeof e.message === 'string' ? e.message : String(error)
  return { code, message }
}
