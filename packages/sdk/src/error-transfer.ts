import { transferHandlers, type TransferHandler } from 'comlink'
import { SdkError } from './errors.ts'

interface Thrown {
  value: unknown
}
interface Serialized {
  isError: boolean
  value: unknown
}

const throwMarker = Symbol.for('Comlink.thrown')

/**
 * Replaces comlink's `throw` handler so that a thrown error keeps its `code` (and `name`) across the worker
 * boundary; comlink's own handler sends only `{ message, name, stack }`. Call on both sides.
 */
export function registerErrorTransfer(): void {
  const previous = transferHandlers.get('throw') as TransferHandler<Thrown, Serialized> | undefined
  const handler: TransferHandler<Thrown, Serialized> = {
    canHandle: (value): value is Thrown => previous?.canHandle(value) ?? (typeof value === 'object' && value !== null && throwMarker in value),
    serialize({ value }) {
      const e = value as { message?: unknown; name?: unknown; code?: unknown; stack?: unknown } | null
      const isError = value instanceof Error || (typeof e === 'object' && e !== null && typeof e.message === 'string')
      const serialized: Serialized = isError
        ? { isError: true, value: { message: String(e!.message), name: String(e!.name ?? 'Error'), code: typeof e!.code === 'string' ? e!.code : undefined, stack: e!.stack } }
        : { isError: false, value }
      return [serialized, []]
    },
    deserialize(serialized) {
      if (!serialized.isError) throw serialized.value
      const v = serialized.value as { message: string; name: string; code?: string; stack?: string }
      const error = v.code === undefined ? new Error(v.message) : new SdkError(v.code, v.message)
      Object.defineProperty(error, 'name', { value: v.name, configurable: true })
      if (v.stack) error.stack = v.stack
      throw error
    },
  }
  transferHandlers.set('throw', handler as TransferHandler<unknown, unknown>)
}
