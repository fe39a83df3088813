/** Arbitraries of hostile JSON, shared by the fuzz suites (fuzz.test.ts, profile-fuzz.test.ts). */
import fc from 'fast-check'
import { T0 } from './support.ts'

/** Names that break code which indexes plain objects by user input. */
export const hostileName = fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', '', ' ', 'a'.repeat(600))
/** Number literals JSON.stringify cannot write: parsed, they become Infinity or lose precision. */
export const hugeNumber = fc.constantFrom('1e400', '-1e400', '1' + '0'.repeat(400), '1e-400', '-0', '9007199254740993', '1e20', '-1e15')
const nested = fc.integer({ min: 1, max: 200 }).map((d) => '['.repeat(d) + ']'.repeat(d))
/** A JSON literal of any kind, hostile ones over-represented. */
export const literal = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: hugeNumber },
  { weight: 1, arbitrary: nested },
  { weight: 1, arbitrary: hostileName.map((s) => JSON.stringify(s)) },
  { weight: 1, arbitrary: fc.constantFrom('null', 'true', '[]', '{}', '""', '0', '-1', '[1,2,3]', '{"__proto__":{"x":1}}') },
)

/** Every JSON path of an object (keys and array indices), parents before children. */
export function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return []
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value)
  return keys.flatMap((k) => [[...prefix, k], ...paths((value as Record<string, unknown>)[k], [...prefix, k])])
}
export const validTime = fc.integer({ min: T0 - 1e10, max: T0 + 1e10 })
export const time = fc.oneof(validTime, fc.integer(), fc.double(), fc.string({ maxLength: 30 }), hugeNumber.map(Number), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()))
const eventType = fc.oneof(fc.constantFrom('pageView', 'add_to_cart', 'purchase', 'Order Completed'), hostileName, fc.string({ maxLength: 12 }))
export const goodEvent = fc.record(
  { profileId: fc.constant('p1'), timestamp: validTime, type: eventType, value: fc.double({ noNaN: true, noDefaultInfinity: true }), item: fc.string({ maxLength: 8 }) },
  { requiredKeys: ['timestamp', 'type'] },
)
export const anyEvent = fc.record(
  {
    profileId: fc.oneof(fc.constant('p1'), fc.jsonValue({ maxDepth: 1 })),
    timestamp: time,
    type: eventType,
    value: fc.oneof(fc.double(), fc.string({ maxLength: 8 }), fc.constant(null)),
    item: fc.oneof(fc.string({ maxLength: 8 }), fc.integer()),
    attributes: fc.oneof(fc.dictionary(fc.oneof(hostileName, fc.string({ maxLength: 6 })), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }), fc.jsonValue({ maxDepth: 1 })),
  },
  { requiredKeys: [] },
)
