import type { AttributeValue } from './event.ts'

/** Attributes a translated event keeps at most: `normalizeEvent` refuses an event with more than 64. */
export const MAX_SOURCE_ATTRIBUTES = 64

/**
 * Collects the attributes of an event translated from another format (GA4, Segment): the first value of a key
 * wins, only flat scalars are kept (finite numbers, strings, booleans), and keys beyond
 * {@link MAX_SOURCE_ATTRIBUTES} are left out, so a wide export row is still one valid event.
 */
export class SourceAttributes {
  readonly values: Record<string, AttributeValue> = {}
  private count = 0

  /** Adds `key` unless it is already set, the value is not a flat scalar, or the limit is reached. */
  add(key: string, value: unknown): void {
    if (this.count >= MAX_SOURCE_ATTRIBUTES || Object.hasOwn(this.values, key)) return
    const flat = typeof value === 'number' ? Number.isFinite(value) : typeof value === 'string' || typeof value === 'boolean'
    if (!flat) return
    this.values[key] = value as AttributeValue
    this.count++
  }
}

/** The value at a dotted path of a parsed JSON object (`ecommerce.purchase_revenue`), or undefined. */
export function pathValue(obj: unknown, path: string): unknown {
  let cur: unknown = obj
  for (const key of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined
    cur = (cur as Record<string, unknown>)[key]
  }
  return cur
}

/** A number given as a JSON number or numeric text (BigQuery writes INT64 as text), else undefined. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}
