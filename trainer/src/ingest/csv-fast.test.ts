import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRng } from '../cases/prng.ts'
import type { IngestOptions } from '../types.ts'
import { readEvents, type ReadEvents } from './open-events.ts'
import { GZIP_RATIO, THREADED_BYTES } from './line-chunks.ts'

let dir = ''
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'auspex-csv-fast-')) })
afterAll(() => rm(dir, { recursive: true, force: true }))

/** A seeded generator of numbers in [0, 1). */
const rng = (seed: number): (() => number) => createRng(seed).next

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** A timestamp in one of the forms the fast path reads. */
function timestamp(r: () => number): string {
  const ms = Date.UTC(2011, 0, 1) + Math.floor(r() * 800 * 86_400_000)
  const d = new Date(ms)
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  const frac = String(d.getUTCMilliseconds()).padStart(3, '0')
  const zone = (minutes: number) => `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`
  switch (Math.floor(r() * 10)) {
    case 9: return date
    case 7: return `${date}T${time}${zone([120, -330, 0, 345, -600][Math.floor(r() * 5)]!)}`
    case 8: return `${date} ${time}.${frac}${zone([60, -480][Math.floor(r() * 2)]!).replace(':', '')}`
    case 0: return `${date}T${time}Z`
    case 1: return `${date}T${time}.${frac}Z`
    case 2: return `${date} ${time}`
    case 3: return `${date}T${time}.${frac.slice(0, 1)}`
    case 4: return `${date} ${time}.${frac.slice(0, 2)}Z`
    case 5: return String(ms)
    default: return `${date}T${time}`
  }
}

function value(r: () => number): string {
  switch (Math.floor(r() * 6)) {
    case 0: return ''
    case 1: return String(Math.floor(r() * 1000))
    case 2: return (r() * 500 - 100).toFixed(2)
    case 3: return `-${Math.floor(r() * 99)}.${Math.floor(r() * 1e6)}`
    case 4: return `${r() < 0.5 ? '-' : ''}${Math.floor(r() * 1e9)}${Math.floor(r() * 1e9)}.5` // 16+ significant digits
    default: return (r() * 10).toFixed(7)
  }
}

const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789_-.:abcdefghijklmnopqrstuvwxyzé日😀'
/** Profile ids of 1–40 characters, a few non-ASCII (span keys hash 16-byte blocks and 1–15-byte tails). */
function ids(r: () => number, n: number): string[] {
  const out = new Set<string>()
  while (out.size < n) {
    const len = 1 + Math.floor(r() * r() * 40)
    let s = ''
    const chars = [...ID_CHARS]
    for (let k = 0; k < len; k++) s += chars[Math.floor(r() * chars.length)]
    out.add(s)
  }
  return [...out]
}

interface Shape {
  rows: number
  seed: number
  crlf?: boolean
  bom?: boolean
  tab?: boolean
  quote?: boolean
  /** column order (other names than the event fields are attribute columns) */
  header?: string[]
}

/** An attribute column's text: empty, a word, digits, a path, words with a space (quoted when `quote`). */
function attribute(r: () => number): string {
  return ['', 'UK', 'FR', '12', '1.50', 'a/b', 'mobile app', '-', 'Österreich', '日本'][Math.floor(r() * 10)]!
}

/** A CSV of random events the fast path reads whole: every quirk it takes (see `csv-chunk.ts`). */
function plainCsv(shape: Shape): string {
  const r = rng(shape.seed)
  const people = ids(r, Math.max(5, Math.floor(shape.rows / 20)))
  const types = ['pageView', 'purchase', 'add_to_cart', 'Product Viewed', 'signup', 'añadir_carrito']
  const header = shape.header ?? ['profileId', 'timestamp', 'type', 'value', 'item']
  const sep = shape.tab ? '\t' : ','
  // a field with the delimiter in it is always quoted, others at random
  const q = (s: string) => (shape.quote && (s.includes(sep) || r() < 0.3) ? `"${s}"` : s)
  const lines = [header.join(sep)]
  for (let k = 0; k < shape.rows; k++) {
    const row: Record<string, string> = {
      profileId: r() < 0.03 ? '' : people[Math.floor(r() * r() * people.length)]!,
      timestamp: timestamp(r),
      type: types[Math.floor(r() * types.length)]!,
      value: value(r),
      item: r() < 0.4 ? '' : `sku-${Math.floor(r() * 300)}${shape.quote && r() < 0.1 ? ', large' : ''}`,
    }
    for (const c of header) row[c] ??= attribute(r)
    lines.push(header.map((c) => q(row[c]!)).join(sep))
  }
  return (shape.bom ? '\ufeff' : '') + lines.join(shape.crlf ? '\r\n' : '\n') + (shape.crlf ? '\r\n' : '\n')
}

async function read(path: string, options: IngestOptions): Promise<{ result: ReadEvents; again: string[] }> {
  const again: string[] = []
  const result = await readEvents([path], { ...options, onProgress: (p) => { if (p.step.includes('again with DuckDB')) again.push(p.step) } })
  return { result, again }
}

/** The byte view of a typed array (NaN and −0 compared exactly). */
const bytes = (a: Float64Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

/** Fast path and DuckDB give the same table, dictionaries in the same order, and the same summary. */
function expectSame(fast: ReadEvents, duck: ReadEvents): void {
  const { seconds: _a, ...fs } = fast.summary
  const { seconds: _b, ...ds } = duck.summary
  expect(fs).toEqual(ds)
  const ft = fast.table
  const dt = duck.table
  expect(ft.profiles).toEqual(dt.profiles)
  expect(ft.types).toEqual(dt.types)
  expect(ft.items).toEqual(dt.items)
  expect(ft.attributes).toEqual(dt.attributes)
  expect(bytes(ft.start).equals(bytes(dt.start))).toBe(true)
  expect(bytes(ft.i32).equals(bytes(dt.i32))).toBe(true)
  expect(bytes(ft.f64).equals(bytes(dt.f64))).toBe(true)
}

async function write(name: string, text: string, gzip = false): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, gzip ? gzipSync(text) : text)
  return path
}

describe('the CSV fast path reads what DuckDB reads', () => {
  const cases: Array<[string, Shape, boolean?]> = [
    ['plain', { rows: 3000, seed: 1 }],
    ['CRLF, BOM, quoted fields', { rows: 3000, seed: 2, crlf: true, bom: true, quote: true }],
    ['tab-separated', { rows: 2000, seed: 3, tab: true }],
    ['columns in another order, no value', { rows: 2000, seed: 4, header: ['item', 'type', 'timestamp', 'profileId'] }],
    ['attribute columns', { rows: 3000, seed: 11, quote: true, header: ['country', 'profileId', 'timestamp', 'type', 'value', 'item', 'device'] }],
    ['gzip', { rows: 3000, seed: 5 }, true],
  ]
  for (const [name, shape, gzip] of cases) {
    it(name, async () => {
      const path = await write(`${name.replace(/\W+/g, '-')}.${shape.tab ? 'tsv' : 'csv'}${gzip ? '.gz' : ''}`, plainCsv(shape), gzip)
      const duck = await read(path, { csvReader: 'duckdb', threads: 2 })
      for (const threads of [1, 3]) {
        const fast = await read(path, { threads })
        expect(fast.again).toEqual([])
        expectSame(fast.result, duck.result)
      }
      expect(duck.result.summary.droppedNoProfile).toBeGreaterThan(0)
    }, 30_000)
  }

  it('a file of many chunks, tokenised in 1, 2 and 3 threads, gives one table', async () => {
    // ~8 MB: four chunks of 2 MB, so threads interleave and each learns values the others know
    const path = await write('many-chunks.csv.gz', plainCsv({ rows: 150_000, seed: 6 }), true)
    expect((await stat(path)).size * GZIP_RATIO).toBeGreaterThanOrEqual(THREADED_BYTES) // large enough for parse threads
    const duck = await read(path, { csvReader: 'duckdb', threads: 2 })
    for (const threads of [1, 2, 3]) {
      const fast = await read(path, { threads })
      expect(fast.again).toEqual([])
      expectSame(fast.result, duck.result)
    }
  }, 60_000)

  it('a line refused in a later chunk stops the parse threads and hands the file over', async () => {
    const lines = plainCsv({ rows: 150_000, seed: 15 }).trimEnd().split('\n')
    lines.splice(120_000, 0, 'p1,2011-01-01T00:00:00Z,pageView,"a ""quoted"" word",')
    const path = await write('late-refusal.csv', lines.join('\n') + '\n')
    const duck = await read(path, { csvReader: 'duckdb' })
    const fast = await read(path, { threads: 2 })
    expect(fast.again).toEqual([expect.stringMatching(/stopped at line 120001: a doubled quote/)])
    expectSame(fast.result, duck.result)
  }, 60_000)
})

describe('a line the fast path does not read sends the file to DuckDB, whose reading is the result', () => {
  const good = plainCsv({ rows: 500, seed: 7 }).trimEnd().split('\n')
  /** the good rows with `line` inserted as line 401 (the 400th row) */
  const withLine = (line: string) => [...good.slice(0, 400), line, ...good.slice(400)].join('\n') + '\n'
  const cases: Array<[string, string, RegExp]> = [
    ['a doubled quote', 'p1,2011-01-01T00:00:00Z,pageView,,"say ""hi"""', /doubled quote/],
    ['a quoted line break', 'p1,2011-01-01T00:00:00Z,pageView,,"two\nlines"', /unclosed quote/],
    ['a control character', 'p1,2011-01-01T00:00:00Z,pageView,,sku\u0001', /control character/],
    ['a field too many', 'p1,2011-01-01T00:00:00Z,pageView,,sku,extra', /more than 5 fields/],
    ['a field too few', 'p1,2011-01-01T00:00:00Z,pageView', /3 fields/],
    ['a date that does not exist', 'p1,2011-02-29T00:00:00Z,pageView,,', /timestamp/],
    ['a zone offset of hours only', 'p1,2011-02-01T00:00:00+02,pageView,,', /timestamp/],
    ['a timestamp DuckDB may read (8 digits)', 'p1,20110101,pageView,,', /timestamp/],
    ['a value that is not a number', 'p1,2011-01-01T00:00:00Z,pageView,ten,', /value/],
    ['no profile id, and a value that is not a number', ',2011-01-01T00:00:00Z,pageView,ten,', /value/],
    ['a blank line', '', /blank line/],
  ]
  for (const [name, line, why] of cases) {
    it(name, async () => {
      const path = await write(`refused-${name.replace(/\W+/g, '-')}.csv`, withLine(line))
      const duck = await read(path, { csvReader: 'duckdb' })
      const fast = await read(path, { threads: 2 })
      expect(fast.again).toHaveLength(1)
      expect(fast.again[0]).toMatch(/stopped at line 401: /)
      expect(fast.again[0]).toMatch(why)
      expectSame(fast.result, duck.result)
    }, 30_000)
  }

  it('a backslash in an attribute (JSON would escape it)', async () => {
    const lines = plainCsv({ rows: 500, seed: 12, header: ['profileId', 'timestamp', 'type', 'value', 'item', 'folder'] }).trimEnd().split('\n')
    lines.splice(300, 0, 'p1,2011-01-01T00:00:00Z,pageView,,,C:\\temp')
    const path = await write('backslash.csv', lines.join('\n') + '\n')
    const duck = await read(path, { csvReader: 'duckdb' })
    const fast = await read(path, { threads: 2 })
    expect(fast.again).toEqual([expect.stringMatching(/stopped at line 301: a backslash or tab in an attribute/)])
    expectSame(fast.result, duck.result)
  }, 30_000)

  it('invalid UTF-8', async () => {
    const text = plainCsv({ rows: 500, seed: 13 })
    const at = text.indexOf('\n', text.length >> 1) + 1
    const path = join(dir, 'invalid-utf8.csv')
    await writeFile(path, Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from('p1,2011-01-01T00:00:00Z,pageView,,sku-\xff\n', 'latin1'), Buffer.from(text.slice(at))]))
    const duck = await read(path, { csvReader: 'duckdb' })
    const fast = await read(path, { threads: 2 })
    expect(fast.again).toEqual([expect.stringMatching(/: invalid UTF-8\)$/)])
    expectSame(fast.result, duck.result)
  }, 30_000)

  it('rows without a timestamp or type, or with a timestamp out of range, are bad rows with DuckDB\'s reasons, not a hand-over', async () => {
    const lines = plainCsv({ rows: 3000, seed: 14 }).trimEnd().split('\n')
    const bad = ['p1,,pageView,,', 'p2,1900-01-01,purchase,3,', 'p3,9999-12-31T23:59:59Z,view,,', 'p4,1293840000,view,,', 'p5,2011-01-01T00:00:00Z,,,', 'p6,2011-01-01,   ,,']
    bad.forEach((line, k) => lines.splice(100 + 400 * k, 0, line))
    const path = await write('named-bad-rows.csv', lines.join('\n') + '\n')
    const duck = await read(path, { csvReader: 'duckdb' })
    const fast = await read(path, { threads: 2 })
    expect(fast.again).toEqual([])
    expectSame(fast.result, duck.result)
    // five reasons, each with its line and detail, as DuckDB's reading gives them
    expect(fast.result.summary.bad.map((b) => b.count).reduce((a, b) => a + b)).toBe(6)
    expect(fast.result.summary.bad.flatMap((b) => b.examples.map((e) => e.line)).sort((a, b) => a - b)).toEqual([101, 501, 901, 1301, 1701, 2101])
  }, 30_000)

  it('a mapping with an expression goes to DuckDB before any row', async () => {
    const mapped = await write('mapped.csv', plainCsv({ rows: 300, seed: 9 }))
    const attrs = await write('attributes.csv', plainCsv({ rows: 300, seed: 8, header: ['profileId', 'timestamp', 'type', 'value', 'item', 'country'] }))
    for (const [path, options] of [[mapped, { map: { value: 'value * 2' } }], [attrs, { map: { 'attributes.where': 'lower(country)' } }]] as const) {
      const duck = await read(path, { ...options, csvReader: 'duckdb' })
      const fast = await read(path, { ...options, threads: 2 })
      expect(fast.again).toEqual([])
      expectSame(fast.result, duck.result)
    }
  }, 30_000)

  it('a fast file and a DuckDB file sharing profile ids share their codes', async () => {
    const text = plainCsv({ rows: 600, seed: 10 })
    const a = await write('share-a.csv', text)
    const b = await write('share-b.csv', text.replace('profileId,timestamp,type,value,item', 'profileId,timestamp,type,value,item2'))
    const fast = await readEvents([a, b], { threads: 2 })
    const duck = await readEvents([a, b], { csvReader: 'duckdb' })
    expect(new Set(fast.table.profiles).size).toBe(fast.table.profiles.length)
    expectSame(fast, duck)
  }, 30_000)
})
