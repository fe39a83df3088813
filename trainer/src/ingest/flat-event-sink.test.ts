import { normalizeEvent, type AuspexEvent } from '@auspex/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EventColumns } from './event-columns.ts'
import { createFlatEventSink } from './flat-event-sink.ts'
import { recognise } from './recognise.ts'

/** What the general path makes of a line: the event (its attributes as stored: a JSON document), or null when the line is bad. */
function general(line: string): AuspexEvent | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch {
    return null
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null
  const r = normalizeEvent(recognise(parsed as Record<string, unknown>).input)
  if (!r.ok) return null
  if (r.event.attributes) r.event.attributes = JSON.parse(JSON.stringify(r.event.attributes)) as AuspexEvent['attributes']
  return r.event
}

/** The one event the columns hold, decoded back. */
function only(columns: EventColumns): AuspexEvent {
  expect(columns.length).toBe(1)
  const f = columns.f64[0]!
  const w = columns.i32[0]!
  const event: AuspexEvent = { profileId: columns.profiles.values[w[4]!]!, timestamp: f[0]!, type: columns.typeNames()[w[5]!]! }
  if (!Number.isNaN(f[1]!)) event.value = f[1]!
  if (w[6]! >= 0) event.item = columns.items.values[w[6]!]!
  if (w[7]! >= 0) event.attributes = JSON.parse(columns.attributes.values[w[7]!]!) as AuspexEvent['attributes']
  return event
}

/** Adds one line through the flat path; null when it declined the line (and then it must have added nothing). */
function flat(line: string): AuspexEvent | null {
  const columns = new EventColumns()
  const bytes = Buffer.from(`\n${line}\n`, 'utf8') // the line inside a larger buffer, as the line splitter gives it
  if (!createFlatEventSink(columns).add(bytes, 1, bytes.length - 1)) {
    expect(columns.length).toBe(0)
    expect(columns.profiles.size + columns.types.size + columns.items.size + columns.attributes.size).toBe(0)
    return null
  }
  return only(columns)
}

const text = fc.oneof(
  fc.constantFrom('', ' ', '\t', 'u1', 'purchase', 'pageView', ' x ', '\u00a0', 'é', '😀', 'a"b', 'a\\b', 'x'.repeat(512), 'x'.repeat(513)),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
)
const timestamps = fc.oneof(
  fc.date({ min: new Date(Date.UTC(1985, 0, 1)), max: new Date(Date.UTC(2205, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')),
  fc.constantFrom('2024-02-31T10:00:00Z', '2024-01-01T24:00:00Z', '2016-12-31T23:59:60Z', '2024-13-01T00:00:00Z', '2024-00-10T00:00:00.000Z',
    '2024-01-01T00:00:00+02:00', '2024-01-01 10:00', '2024-01-01', ' 2024-01-01T00:00:00Z', '2024-01-01T00:00:00.5Z', '0099-01-01T00:00:00Z',
    '2024-1a-01T00:00:00.000Z', '1700000000000', '1e12', ''),
  fc.integer({ min: -1e13, max: 8e12 }).map(String),
)
/** Raw JSON value texts, including ones JSON.parse refuses. */
const rawValue = fc.oneof(
  text.map((s) => JSON.stringify(s)),
  timestamps.map((s) => JSON.stringify(s)),
  fc.double().filter(Number.isFinite).map((x) => JSON.stringify(x)),
  fc.integer().map(String),
  fc.constantFrom('null', 'true', 'false', '-0', '0.0', '1e400', '-1e400', '01', '1.', '.5', '+1', '1E5', '-1.5e-3', '0.1', '12345678901234567890',
    '123456789012345.6', '1.7976931348623157e308', '5e-324', '{}', '[1]', '{"a":1}', '"12.5"', 'nul', 'NaN', '"\\u0041"'),
)
const key = fc.constantFrom('profileId', 'timestamp', 'type', 'value', 'item', 'attributes', 'other', 'eventType', 'ProfileId', 'type ', 'profile\\u0049d')
const space = fc.constantFrom('', '', '', ' ', '\t', '  ')
const member = fc.tuple(fc.oneof({ arbitrary: fc.constantFrom('value', 'item', 'page', 'n'), weight: 3 }, key), space, space, rawValue).map(([k, a, b, v]) => `"${k}"${a}:${b}${v}`)
/** A line: an event-like object, most often with the fields an event needs, with odd spacing and values. */
const line = fc.tuple(
  fc.record({
    profileId: fc.oneof({ arbitrary: fc.stringMatching(/^[!#-[\]-~ ]{1,10}$/).map((s) => JSON.stringify(s)), weight: 4 }, text.map((s) => JSON.stringify(s)), rawValue),
    timestamp: fc.oneof({ arbitrary: timestamps.map((s) => JSON.stringify(s)), weight: 4 }, rawValue),
    type: fc.oneof({ arbitrary: fc.constantFrom('"purchase"', '"pageView"', '"add_to_cart"', '"Order Completed"', '"commerce.purchases"'), weight: 4 }, text.map((s) => JSON.stringify(s)), rawValue),
  }),
  fc.array(member, { maxLength: 3 }),
  fc.boolean(),
  space, space,
).map(([required, extra, shuffle, lead, trail]) => {
  const members = [`"profileId":${required.profileId}`, `"timestamp":${required.timestamp}`, `"type":${required.type}`, ...extra]
  if (shuffle) members.reverse()
  return `${lead}{${members.join(', ')}}${trail}`
})

describe('the flat JSON Lines path', () => {
  it('reads common lines itself, as the general path reads them', () => {
    const lines = [
      '{"profileId":"u000000","timestamp":"2024-05-05T23:25:58.352Z","type":"purchase","value":0.0,"item":"sku-0"}',
      '{"profileId":"17850","timestamp":"2010-12-01T08:26:00Z","type":"purchase","value":15.3,"item":"85123A","attributes":null}',
      ' { "type" : "pageView" , "timestamp" : 1291191960000 , "profileId" : "a b", "value": null, "item": null, "page": "/x", "n": -1.5e3, "ok": true } ',
      '{"profileId":"u1","timestamp":"2024-01-01T00:00:00Z","type":"a","attributes":{"plan":"pro", "seats": 1.50, "trial": false, "ref": null}}',
      '{"profileId":"u1","timestamp":"2024-01-01T00:00:00Z","type":"a","attributes":{ }}',
    ]
    for (const l of lines) {
      const event = flat(l)
      expect(event, l).not.toBeNull()
      expect(event).toEqual(general(l))
    }
  })

  it('declines what it does not read itself: escapes, non-ASCII, nested values, numbers as ids, a field twice', () => {
    for (const l of [
      '{"profileId":"u\\u0031","timestamp":"2024-01-01T00:00:00Z","type":"a"}',
      '{"profileId":"é","timestamp":"2024-01-01T00:00:00Z","type":"a"}',
      '{"profileId":"u1","timestamp":"2024-01-01T00:00:00Z","type":"a","attributes":{"plan":{"tier":"pro"}}}',
      '{"profileId":"u1","timestamp":"2024-01-01T00:00:00Z","type":"a","attributes":{"plan":"pr\\u006f"}}',
      '{"profileId":"u1","timestamp":"2024-01-01T00:00:00Z","type":"a","page":{"path":"/"}}',
      '{"profileId":17850,"timestamp":"2024-01-01T00:00:00Z","type":"a"}',
      '{"profileId":"u1","timestamp":"2024-01-01T00:00:00Z","type":"a","type":"b"}',
      '{"profileId":"u1","timestamp":"2024-01-01T00:00:00Z","type":"a","value":"12"}',
      '{"profileId":"u1","timestamp":"2024-01-01T00:00:00Z","type":"a","item":""}',
    ]) expect(flat(l), l).toBeNull()
  })

  it('declines bad lines, which the general path then names', () => {
    for (const l of [
      '{"profileId":"","timestamp":"2024-01-01T00:00:00Z","type":"a"}',
      '{"profileId":"u1","timestamp":"2024-01-01T00:00:00Z","type":"  "}',
      '{"profileId":"u1","timestamp":"1980-01-01T00:00:00Z","type":"a"}',
      '{"profileId":"u1","timestamp":"yesterday","type":"a"}',
      '{"profileId":"u1","timestamp":"2024-01-01T00:00:00Z","type":"a","value":1e400}',
      '{"profileId":"u1","timestamp":"2024-01-01T00:00:00Z","type":"a",}',
      '{"profileId":"u1","timestamp":"2024-01-01T00:00:00Z","type":"a"} x',
      '{"profileId":"u1","timestamp":"2024-01-01T00:00:00Z","type":"a","value":01}',
      `{"profileId":"${'x'.repeat(513)}","timestamp":"2024-01-01T00:00:00Z","type":"a"}`,
    ]) {
      expect(flat(l), l).toBeNull()
      expect(general(l), l).toBeNull()
    }
  })

  it('never reads a line otherwise than JSON.parse + normalizeEvent would (any line, odd values, spacing, keys)', () => {
    let taken = 0
    fc.assert(fc.property(line, (l) => {
      const event = flat(l)
      if (event === null) return
      taken++
      expect(event).toEqual(general(l))
    }), { numRuns: 3000 })
    expect(taken).toBeGreaterThan(200) // (~10 %) the property says something about the flat path
  })

  it('reads attributes as the general path does (any order, repeated and numeric keys, too many, refused values)', () => {
    const attrKey = fc.constantFrom('plan', 'seats', 'a', 'b', '2', '10', '__proto__', 'constructor', '', ' x')
    const attrValue = fc.oneof(text.map((s) => JSON.stringify(s)), fc.constantFrom('1', '1.50', '-0', '1e400', '2E3', 'true', 'false', 'null', '{}', '[1]', '"x"'))
    const attrs = fc.oneof(
      fc.array(fc.tuple(attrKey, space, attrValue), { maxLength: 6 }).map((kv) => `{${kv.map(([k, sp, v]) => `"${k}"${sp}:${sp}${v}`).join(',')}}`),
      fc.integer({ min: 60, max: 70 }).map((n) => `{${Array.from({ length: n }, (_, k) => `"k${k}":${k}`).join(',')}}`),
    )
    let taken = 0
    fc.assert(fc.property(fc.array(attrs, { minLength: 1, maxLength: 3 }), (objects) => {
      // several lines through one sink: remembered attribute texts must give what a fresh parse gives
      const columns = new EventColumns()
      const sink = createFlatEventSink(columns)
      for (const o of [...objects, ...objects]) {
        const l = `{"profileId":"u","timestamp":"2024-01-01T00:00:00Z","type":"a","attributes":${o}}`
        const before = columns.length
        const bytes = Buffer.from(l, 'utf8')
        const expected = general(l)
        if (!sink.add(bytes, 0, bytes.length)) {
          expect(columns.length).toBe(before)
          continue
        }
        taken++
        const code = columns.i32[0]![8 * before + 7]!
        // the very document the general path stores (JSON.stringify of the normalised attributes)
        expect(code >= 0 ? columns.attributes.values[code] : undefined, l).toBe(expected!.attributes === undefined ? undefined : JSON.stringify(expected!.attributes))
      }
    }), { numRuns: 1500 })
    expect(taken).toBeGreaterThan(500)
  })

  it('reads ISO timestamps of any field values as core does (out-of-range fields, stray characters)', () => {
    // each field up to one past its range, and sometimes anything
    const two = (max: number) => fc.oneof({ arbitrary: fc.integer({ min: 0, max: max + 1 }), weight: 9 }, fc.integer({ min: 0, max: 99 })).map((n) => String(n).padStart(2, '0'))
    const iso = fc.tuple(fc.integer({ min: 1980, max: 2210 }), two(12), two(31), two(24), two(59), two(60), fc.option(fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0'))))
      .map(([y, mo, d, h, mi, sec, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${sec}${ms === null ? '' : `.${ms}`}Z`)
    const stray = fc.tuple(iso, fc.nat(), fc.constantFrom('x', ' ', '-', ':', '.', '9', 'Z', '+')).map(([t, at, c]) => t.slice(0, at % t.length) + c + t.slice((at % t.length) + 1))
    let taken = 0
    fc.assert(fc.property(fc.oneof(iso, stray), (ts) => {
      const l = `{"profileId":"u","timestamp":"${ts}","type":"a"}`
      const event = flat(l)
      const expected = general(l)
      expect(event === null ? null : event.timestamp, ts).toBe(expected === null ? null : expected.timestamp)
      if (event) taken++
    }), { numRuns: 3000 })
    expect(taken).toBeGreaterThan(300)
  })

  it('reads numbers as JSON.parse does, to the bit', () => {
    fc.assert(fc.property(fc.oneof(fc.double().filter(Number.isFinite).map((x) => JSON.stringify(x)), fc.integer().map(String),
      fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.nat(999_999_999)).map(([a, b]) => `${a}.${String(b).padStart(9, '0')}`)), (num) => {
      const l = `{"profileId":"u","timestamp":"2024-01-01T00:00:00Z","type":"a","value":${num}}`
      const event = flat(l)
      expect(event).not.toBeNull()
      expect(Object.is(event!.value, (JSON.parse(l) as { value: number }).value)).toBe(true)
    }), { numRuns: 3000 })
  })
})
