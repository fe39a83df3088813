/** Every error code Auspex can raise. Codes are stable: callers branch on them, not on messages. */
export type AuspexErrorCode =
  | 'INVALID_EVENT'
  | 'INVALID_GOAL'
  | 'INVALID_DURATION'
  | 'INVALID_MODEL'
  | 'MODEL_HASH_MISMATCH'
  | 'UNSUPPORTED_FORMAT_VERSION'
  | 'STATE_MISMATCH'
  | 'INVALID_ARGUMENT'
  | 'INVALID_SEGMENT'

/**
 * The one error class of Auspex. `code` is machine-readable; `path` names the field at fault
 * (a JSON path such as `outcome.anyOf[0].where[1].op`) when there is one.
 */
export class AuspexError extends Error {
  override readonly name = 'AuspexError'
  readonly code: AuspexErrorCode
  readonly path: string | undefined

  constructor(code: AuspexErrorCode, message: string, options: { path?: string; cause?: unknown } = {}) {
    super(options.path ? `${options.path}: ${message}` : message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.path = options.path
  }
}

/** True for an {@link AuspexError}, also across realms and structured-clone boundaries (checks the shape). */
export function isAuspexError(value: unknown): value is AuspexError {
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'AuspexError' && typeof (value as { code?: unknown }).code === 'string'
}
