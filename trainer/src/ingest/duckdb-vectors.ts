import type { DuckDBVector } from '@duckdb/node-api'
import { IngestError } from './errors.ts'

function items(vector: DuckDBVector): unknown {
  return (vector as unknown as { items?: unknown }).items
}

function unexpected(vector: DuckDBVector, want: string): IngestError {
  return new IngestError('INGEST_READ_FAILED', `internal: DuckDB returned a ${vector.type.toString()} vector where ${want} was expected; please report this`)
}

/** The doubles behind a DOUBLE vector with no NULLs (read directly: far faster than `getItem`). */
export function doubles(vector: DuckDBVector): Float64Array {
  const a = items(vector)
  if (a instanceof Float64Array) return a
  throw unexpected(vector, 'DOUBLE')
}

/** The integers behind an INTEGER vector with no NULLs. */
export function int32s(vector: DuckDBVector): Int32Array {
  const a = items(vector)
  if (a instanceof Int32Array) return a
  throw unexpected(vector, 'INTEGER')
}

/**
 * A UBIGINT vector (e.g. `hash(x)`) as pairs of 32-bit words, low word first: row k is words 2k, 2k + 1. Signed,
 * so that V8 keeps them as small integers (see `HashIndex`).
 */
export function words(vector: DuckDBVector): Int32Array {
  const a = items(vector)
  if (a instanceof BigUint64Array) return new Int32Array(a.buffer, a.byteOffset, a.length * 2)
  throw unexpected(vector, 'UBIGINT')
}
