import { readField, type AuspexEvent } from './event.ts'
import type { Condition, EventCondition } from './goal-types.ts'

export type EventPredicate = (event: AuspexEvent) => boolean

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'number' && typeof b === 'string' && b.trim() !== '' && !Number.isNaN(Number(b))) return a - Number(b)
  if (typeof a === 'string' && typeof b === 'number' && a.trim() !== '' && !Number.isNaN(Number(a))) return Number(a) - b
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  return NaN
}

function equals(a: unknown, b: unknown): boolean {
  if (a === b) return true
  const c = compare(a, b)
  return c === 0
}

/** Compiles one `where` condition. A missing field fails every operator except `!=` and `exists: false`. */
export function compileCondition(condition: Condition): EventPredicate {
  const { field, op, value } = condition
  switch (op) {
    case '=': return (e) => equals(readField(e, field), value)
    case '!=': return (e) => !equals(readField(e, field), value)
    case '>': return (e) => compare(readField(e, field), value) > 0
    case '>=': return (e) => compare(readField(e, field), value) >= 0
    case '<': return (e) => compare(readField(e, field), value) < 0
    case '<=': return (e) => compare(readField(e, field), value) <= 0
    case 'in': {
      const values = value as unknown[]
      return (e) => {
        const v = readField(e, field)
        return values.some((x) => equals(v, x))
      }
    }
    case 'contains': {
      const needle = String(value).toLowerCase()
      return (e) => {
        const v = readField(e, field)
        return typeof v === 'string' && v.toLowerCase().includes(needle)
      }
    }
    case 'exists': {
      const want = value !== false
      return (e) => {
        const v = readField(e, field)
        return (v !== undefined && v !== null) === want
      }
    }
  }
}

/** Compiles an event condition: the type matches (when given) and every `where` condition holds. */
export function compileEventCondition(condition: EventCondition): EventPredicate {
  const type = condition.type
  const checks = (condition.where ?? []).map(compileCondition)
  return (e) => (type === undefined || e.type === type) && checks.every((check) => check(e))
}
