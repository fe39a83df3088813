import { describe, expect, it } from 'vitest'
import { EventColumns, F64, I32 } from './event-columns.ts'
import { sortEvents } from './sort-events.ts'

interface Row { profile: string; ts: number; type: string; value: number; item: number; arrival: number }

function random(seed: number): () => number {
  let h = seed >>> 0
  return () => {
    h = (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0
    return h / 2 ** 32
  }
}

/** Random rows: `profiles` ids, lengths from 1 to `maxLength`, times drawn from few values (ties) and out of order. */
function rows(seed: number, profiles: number, maxLength: number): Row[] {
  const rnd = random(seed)
  const out: Row[] = []
  for (let p = 0; p < profiles; p++) {
    const n = 1 + Math.floor(rnd() * maxLength)
    for (let k = 0; k < n; k++) out.push({ profile: `id-${Math.floor(rnd() * 1e9)}-${p}`, ts: 1e12 + Math.floor(rnd() * 20) * 1000, type: rnd() < 0.5 ? 'a' : 'b', value: rnd() < 0.3 ? NaN : rnd(), item: Math.floor(rnd() * 5) - 1, arrival: 0 })
  }
  // Give each profile its id, then shuffle the rows (an export ordered by neither profile nor time).
  const ids = new Map<number, string>()
  for (const r of out) {
    const p = Number(r.profile.split('-')[2])
    if (!ids.has(p)) ids.set(p, r.profile)
    r.profile = ids.get(p)!
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  out.forEach((r, i) => { r.arrival = i })
  return out
}

function check(input: Row[]): void {
  const columns = new EventColumns()
  for (const r of input) columns.push(columns.profiles.code(r.profile), r.ts, columns.types.code(r.type), r.value, r.item, r.arrival)
  const table = sortEvents(columns)
  const expected = [...input].sort((a, b) => (a.profile < b.profile ? -1 : a.profile > b.profile ? 1 : 0) || a.ts - b.ts || a.arrival - b.arrival)
  const got: Row[] = []
  table.profiles.forEach((profile, p) => {
    for (let r = table.start[p]!; r < table.start[p + 1]!; r++) {
      const w = r * I32.stride
      got.push({ profile, ts: table.f64[r * F64.stride]!, type: table.types[table.i32[w + I32.type]!]!, value: table.f64[r * F64.stride + F64.value]!, item: table.i32[w + I32.item]!, arrival: table.i32[w + I32.attr]! })
    }
  })
  expect(table.start[table.profiles.length]).toBe(input.length)
  expect(got).toEqual(expected)
}

describe('sortEvents', () => {
  it('groups by profile id and sorts by time, stable for equal times (short histories, one bucket)', () => check(rows(1, 40, 12)))
  it('is correct across buckets (more than 512 profiles) and with histories longer than the insertion-sort limit', () => {
    check(rows(2, 3000, 6))
    check(rows(3, 20, 400))
  })
  it('keeps an export that is already in order as it is, and handles no events at all', () => {
    const ordered = rows(4, 50, 30).sort((a, b) => (a.profile < b.profile ? -1 : 1) || a.ts - b.ts || a.arrival - b.arrival)
    ordered.forEach((r, i) => { r.arrival = i })
    check(ordered)
    check([])
  })

  it('reads records across storage blocks (more than 2^20 events)', () => {
    const columns = new EventColumns()
    const n = (1 << 20) + 5000
    for (let i = 0; i < n; i++) columns.push(columns.profiles.code(`p${i % 997}`), 1e12 - i, 0, i, -1, i)
    const table = sortEvents(columns)
    expect(table.start[table.profiles.length]).toBe(n)
    let sum = 0
    let wrong = 0
    for (let p = 0; p < table.profiles.length; p++) {
      const id = Number(table.profiles[p]!.slice(1))
      for (let r = table.start[p]!; r < table.start[p + 1]!; r++) {
        const arrival = table.i32[r * I32.stride + I32.attr]!
        if (arrival % 997 !== id || table.f64[r * F64.stride + F64.value] !== arrival) wrong++
        if (r > table.start[p]! && !(table.f64[r * F64.stride]! > table.f64[(r - 1) * F64.stride]!)) wrong++
        sum += arrival
      }
    }
    expect(wrong).toBe(0)
    expect(sum).toBe((n * (n - 1)) / 2)
  })
})
