import { mkdtemp, readFile, rm, writeFile, copyFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DuckDBInstance } from '@duckdb/node-api'
import { normalizeEvent } from '@auspex/core'
import type { EventSource, IngestOptions, ProfileEvents } from '../types.ts'
import { openEvents } from './open-events.ts'
import { IngestError } from './errors.ts'
import { parseMapArgs } from './mapping.ts'
import { OUTSIDE_DATE, OUTSIDE_EPOCH } from './sql-fields.ts'

const FIX = resolve(import.meta.dirname, '../../test-fixtures')
const fx = (name: string) => join(FIX, name)
let tmp = ''

beforeAll(async () => { tmp = await mkdtemp(join(tmpdir(), 'auspex-ingest-test-')) })
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

async function collect(paths: string[], options: IngestOptions = {}, before?: number): Promise<{ source: EventSource; profiles: ProfileEvents[] }> {
  const source = await openEvents(paths, options)
  const profiles: ProfileEvents[] = []
  for await (const p of source.profiles(before === undefined ? {} : { before })) profiles.push({ profileId: p.profileId, events: [...p.events] })
  await source.close()
  return { source, profiles }
}

async function failure(promise: Promise<unknown>): Promise<IngestError> {
  try { await promise } catch (error) { return error as IngestError }
  throw new Error('expected a failure')
}

describe('openEvents: CSV', () => {
  it('reads the canonical columns, extra columns as attributes, sorted by profile then time (stable)', async () => {
    const { source, profiles } = await collect([fx('events.csv')])
    expect(profiles.map((p) => p.profileId)).toEqual(['00123', 'p1', 'p2'])
    const p1 = profiles[1]!.events
    expect(p1.map((e) => e.type)).toEqual(['pageView', 'pageView', 'addToCart'])
    expect(p1[0]).toEqual({ profileId: 'p1', timestamp: Date.UTC(2011, 0, 1, 9), type: 'pageView', attributes: { page: 'pricing' } })
    expect(p1[2]).toMatchObject({ value: 5, item: 'sku-2', attributes: { page: 'cart' } })
    const p2 = profiles[2]!.events
    expect(p2.map((e) => e.timestamp)).toEqual([Date.UTC(2011, 0, 1, 10), 1293883200000])
    expect(p2[1]!.attributes).toEqual({ page: 'home, again' })
    expect(source.summary).toMatchObject({ rowsRead: 6, events: 6, profiles: 3, droppedNoProfile: 0, bad: [], typeCounts: { pageView: 3, purchase: 2, addToCart: 1 } })
    expect(source.summary.firstTimestamp).toBe(Date.UTC(2011, 0, 1, 9))
    expect(source.summary.lastTimestamp).toBe(Date.UTC(2011, 0, 3))
  })

  it('yields only events before `before`, and every event passes core normalizeEvent unchanged', async () => {
    const { profiles } = await collect([fx('events.csv')], {}, Date.UTC(2011, 0, 2))
    const all = profiles.flatMap((p) => p.events)
    expect(all.length).toBe(3)
    for (const e of all) {
      expect(e.timestamp).toBeLessThan(Date.UTC(2011, 0, 2))
      const r = normalizeEvent(e)
      expect(r.ok && r.event).toEqual(e)
    }
  })

  it('reports progress (rows read)', async () => {
    const seen: Array<{ step: string; done: number }> = []
    await collect([fx('events.csv'), fx('events.jsonl')], { onProgress: (p) => seen.push({ step: p.step, done: p.done }) })
    expect(seen.filter((p) => p.step === 'read').map((p) => p.done)).toEqual([6, 6 + 8])
  })

  it('reads gzipped CSV and a folder of files', async () => {
    const dir = join(tmp, 'folder')
    await mkdir(dir)
    await writeFile(join(dir, 'a.csv.gz'), gzipSync(await readFile(fx('events.csv'))))
    await copyFile(fx('events.jsonl'), join(dir, 'b.jsonl'))
    await writeFile(join(dir, 'notes.txt'), 'ignored')
    const { source, profiles } = await collect([dir])
    expect(source.summary.files.map((f) => f.split('/').pop())).toEqual(['a.csv.gz', 'b.jsonl'])
    expect(source.summary.events).toBe(6 + 4)
    expect(profiles.find((p) => p.profileId === 'p1')!.events.length).toBe(3 + 2)
  })

  it('maps other exports with --map (columns and SQL expressions) and counts rows without a profile', async () => {
    const map = { profileId: 'cust', timestamp: 'when', type: "CASE WHEN what = 'refund' THEN 'return' ELSE 'purchase' END", value: 'qty * price', 'attributes.shop': 'shop' }
    const { source, profiles } = await collect([fx('mapped.csv')], { map })
    expect(source.summary).toMatchObject({ rowsRead: 4, events: 3, droppedNoProfile: 1, typeCounts: { purchase: 2, return: 1 } })
    expect(profiles[0]!.events).toEqual([
      { profileId: 'c1', timestamp: Date.UTC(2011, 2, 1, 10), type: 'purchase', value: 7, attributes: { shop: 'north' } },
      { profileId: 'c1', timestamp: Date.UTC(2011, 2, 2, 10), type: 'return', value: 3.5, attributes: { shop: 'north' } },
    ])
  })

  it('stops with the file, the cause and a --map hint when a mapping fails on a row far into the file', async () => {
    // 5 000 rows: the failing row is in DuckDB's third chunk, read while the second is being encoded
    const rows = Array.from({ length: 5000 }, (_, i) => `c${i % 50},2011-03-01T10:00:00Z,${i === 4500 ? 'lots' : i}`)
    const path = join(tmp, 'late-failure.csv')
    await writeFile(path, ['cust,when,qty', ...rows].join('\n') + '\n')
    const error = await failure(openEvents([path], { map: { profileId: 'cust', timestamp: 'when', type: "'purchase'", value: 'CAST(qty AS INTEGER)' } }))
    expect(error).toBeInstanceOf(IngestError)
    expect(error.code).toBe('INGEST_READ_FAILED')
    expect(error.message).toMatch(/late-failure\.csv: cannot read: .*lots.*Check the --map expressions/)
  })

  it('names the missing field and the fix when a required column is not mapped', async () => {
    const error = await failure(openEvents([fx('mapped.csv')], {}))
    expect(error.code).toBe('INGEST_MAPPING')
    expect(error.message).toMatch(/mapped\.csv: no "profileId" column .*--map profileId=COLUMN/)
  })

  it('counts bad rows by reason with line numbers and keeps the good ones', async () => {
    const { source, profiles } = await collect([fx('some-bad.csv')])
    const bad = Object.fromEntries(source.summary.bad.map((b) => [b.reason.split(':')[0] + ':' + b.reason.split(':')[1]!.slice(0, 12), b]))
    const byField = (prefix: string) => source.summary.bad.find((b) => b.reason.startsWith(prefix))!
    expect(byField('value').count).toBe(1)
    expect(byField('value').examples[0]).toMatchObject({ line: 3, message: expect.stringContaining('"ten"') })
    expect(byField('timestamp: outside').examples[0]!.line).toBe(6)
    // 1975-01-01 is a date: no hint about epoch seconds
    expect(byField('timestamp: outside').reason).toBe(OUTSIDE_DATE)
    // epoch seconds are a number: the hint says so, in CSV and in JSON Lines alike
    await writeFile(join(tmp, 'seconds.csv'), 'profileId,timestamp,type\np1,1293840000,view\np1,1293840000000,view\np2,1293840000000,view\n')
    await writeFile(join(tmp, 'seconds.jsonl'), ['{"profileId":"p1","timestamp":1293840000,"type":"view"}', '{"profileId":"p1","timestamp":1293840000000,"type":"view"}', '{"profileId":"p2","timestamp":"1293840000000","type":"view"}'].join('\n') + '\n')
    for (const f of ['seconds.csv', 'seconds.jsonl']) {
      const { summary } = (await collect([join(tmp, f)])).source
      expect(summary.bad.map((b) => b.reason)).toEqual([OUTSIDE_EPOCH])
    }
    expect(byField('type').examples[0]!.line).toBe(8)
    expect(byField('row:').examples[0]!.line).toBe(4)
    expect(Object.keys(bad).length).toBe(4)
    expect(source.summary).toMatchObject({ rowsRead: 11, events: 7 })
    expect(profiles.map((p) => p.profileId)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6'])
  })

  it('stops on a file where most rows are bad, naming the file, the reasons and the fix', async () => {
    const error = await failure(openEvents([fx('mostly-bad.csv')], {}))
    expect(error).toBeInstanceOf(IngestError)
    expect(error.code).toBe('INGEST_MOSTLY_BAD')
    expect(error.message).toMatch(/mostly-bad\.csv: 4 of 5 rows .*timestamp: cannot read.*--map/)
  })

  it('stops on a file with rows but no profile id in any (a mapping problem), naming the file and the flag', async () => {
    const dir = join(tmp, 'no-profiles')
    await mkdir(dir, { recursive: true })
    await copyFile(fx('events.csv'), join(dir, 'a-good.csv'))
    await writeFile(join(dir, 'b-anonymous.csv'), 'profileId,timestamp,type\n,2011-01-01T00:00:00Z,pageView\n,2011-01-02T00:00:00Z,purchase\n')
    const csv = await failure(openEvents([dir], {}))
    expect(csv.code).toBe('INGEST_NO_EVENTS')
    expect(csv.message).toMatch(/b-anonymous\.csv: none of its 2 rows is an event \(2 without a profile id\)\. Map the profile id with --map profileId=<a column or a SQL expression over the columns>/)
    const jsonl = await failure(openEvents([fx('events.jsonl')], { map: { profileId: 'user.id' } }))
    expect(jsonl.code).toBe('INGEST_NO_EVENTS')
    expect(jsonl.message).toMatch(/events\.jsonl: none of its \d+ rows is an event \(\d+ without a profile id, 1 unreadable\)\. Map the profile id with --map profileId=<a key path such as user\.id>/)
    // a file with no rows at all is not refused here (an empty partition of an export is not an error)
    await writeFile(join(tmp, 'header-only.csv'), 'profileId,timestamp,type\n')
    expect((await openEvents([join(tmp, 'header-only.csv')], {})).summary.events).toBe(0)
    // nor is a 0-byte CSV (DuckDB sniffed one nameless column, and the mapping blamed a missing profileId column)
    await writeFile(join(tmp, 'empty.csv'), '')
    expect((await openEvents([join(tmp, 'empty.csv')], {})).summary.events).toBe(0)
  })

  it('rejects missing files, unknown types and unknown presets clearly', async () => {
    expect((await failure(openEvents([join(tmp, 'nope.csv')], {}))).code).toBe('INGEST_FILE_NOT_FOUND')
    await writeFile(join(tmp, 'data.xlsx'), 'x')
    const unknown = await failure(openEvents([join(tmp, 'data.xlsx')], {}))
    expect(unknown.code).toBe('INGEST_UNKNOWN_FORMAT')
    expect(unknown.message).toMatch(/\.csv.*\.parquet/)
    const preset = await failure(openEvents([fx('events.csv')], { preset: 'nope' }))
    expect(preset.message).toMatch(/valid presets: online-retail/)
  })
})

describe('openEvents: JSON Lines, XDM, Parquet', () => {
  it('reads JSONL through normalizeEvent; bad lines are counted with core\'s field-naming message', async () => {
    const { source, profiles } = await collect([fx('events.jsonl')])
    expect(source.summary.events).toBe(4)
    expect(source.summary.droppedNoProfile).toBe(1)
    const reasons = Object.fromEntries(source.summary.bad.map((b) => [b.reason, b]))
    expect(reasons['json: cannot parse the line']!.examples[0]!.line).toBe(6)
    expect(reasons['value: expected a finite number']!.examples[0]).toMatchObject({ line: 7, message: expect.stringMatching(/^value: expected a finite number, got "abc"/) })
    expect(Object.keys(reasons).find((r) => r.startsWith('timestamp'))).toBeDefined()
    expect(profiles.find((p) => p.profileId === 'p1')!.events[0]).toEqual({ profileId: 'p1', timestamp: Date.UTC(2011, 0, 1, 9), type: 'pageView', attributes: { page: 'pricing' } })
  })

  it('reads a messy JSON Lines export the same with and without the flat fast path (an identity --map forces the general one)', async () => {
    let seed = 7
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296)
    const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!
    const lines: string[] = []
    for (let i = 0; i < 3000; i++) {
      const ev: Record<string, unknown> = {
        profileId: pick(['u1', 'u2', 'ü3', 'x' + Math.floor(rnd() * 40), '', 17850, 'u"q']),
        timestamp: pick(['2011-01-01T09:00:00Z', `2011-01-0${1 + Math.floor(rnd() * 9)}T0${Math.floor(rnd() * 10)}:00:00.${String(Math.floor(rnd() * 1000)).padStart(3, '0')}Z`,
          1293868800000 + Math.floor(rnd() * 1e9), '2011-02-31T00:00:00Z', 'nope', '2011-01-01 10:00', '1980-01-01T00:00:00Z']),
        type: pick(['pageView', 'purchase', ' ', 'addToCart', 'é', 'add_to_cart', 'Order Completed', 'commerce.purchases', 'refund']),
      }
      if (rnd() < 0.5) ev.value = pick([1.5, 0, 12.25, '3', 1e21, null, 0.1 + 0.2])
      if (rnd() < 0.5) ev.item = pick(['sku-1', 'sku-2', '', null, 42])
      if (rnd() < 0.3) ev.attributes = pick([{ plan: 'pro' }, { plan: 'free', n: 2 }, {}, { nested: { a: 1 } }, { 2: 'x', b: true }, null, 'str'])
      if (rnd() < 0.1) ev.extra = pick([1, 'x', [1], { a: 1 }])
      let line = JSON.stringify(ev)
      const r = rnd()
      if (r < 0.02) line = line.slice(0, -3)
      else if (r < 0.04) line = ''
      else if (r < 0.05) line = JSON.stringify({ eventType: 'commerce.purchases', _id: `x${i}`, timestamp: '2011-01-01T00:00:00Z', identityMap: { ECID: [{ id: `e${i % 9}`, primary: true }] } })
      else if (r < 0.06) line = ` ${line.replace(/,/g, ' , ')}\t`
      lines.push(line + (i % 7 === 0 ? '\r\n' : '\n'))
    }
    const path = join(tmp, 'messy.jsonl.gz')
    await writeFile(path, gzipSync(lines.join('')))
    const fast = await collect([path])
    const general = await collect([path], { map: { profileId: 'profileId' } })
    expect(fast.source.summary.events).toBeGreaterThan(500)
    expect(fast.profiles).toEqual(general.profiles)
    expect({ ...fast.source.summary, seconds: 0 }).toEqual({ ...general.source.summary, seconds: 0 })
  })

  it('recognises Adobe XDM ExperienceEvents without a map, gzipped', async () => {
    const path = join(tmp, 'xdm.jsonl.gz')
    await writeFile(path, gzipSync(await readFile(fx('xdm.jsonl'))))
    const { profiles } = await collect([path])
    expect(profiles.map((p) => p.profileId)).toEqual(['a@example.com', 'ecid-1'])
    expect(profiles[1]!.events.map((e) => [e.type, e.value, e.item])).toEqual([['productView', undefined, 'sku-9'], ['purchase', 42.5, 'sku-9']])
    expect(profiles[0]!.events[0]!.type).toBe('pageView')
  })

  it('reads a .json file holding a JSON array of XDM events', async () => {
    const path = join(tmp, 'xdm-array.json')
    const events = (await readFile(fx('xdm.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l))
    await writeFile(path, JSON.stringify(events, null, 2))
    const { source, profiles } = await collect([path])
    expect(source.summary.events).toBe(3)
    expect(profiles[1]!.events.map((e) => e.type)).toEqual(['productView', 'purchase'])
  })

  it('reads Parquet (written by DuckDB) with typed columns', async () => {
    const path = join(tmp, 'events.parquet')
    const db = await DuckDBInstance.create(':memory:')
    const conn = await db.connect()
    await conn.run(`COPY (SELECT * FROM (VALUES
        ('p1', TIMESTAMP '2011-01-02 10:00:00', 'purchase', 9.5, 'sku-1', 3),
        ('p1', TIMESTAMP '2011-01-01 10:00:00', 'pageView', NULL, NULL, 1),
        ('p2', TIMESTAMP '2011-01-01 11:00:00', 'pageView', NULL, NULL, 2)) v(profileId, "timestamp", type, value, item, visits))
      TO '${path}' (FORMAT parquet)`)
    db.closeSync()
    const { source, profiles } = await collect([path])
    expect(source.summary.events).toBe(3)
    expect(profiles[0]!.events).toEqual([
      { profileId: 'p1', timestamp: Date.UTC(2011, 0, 1, 10), type: 'pageView', attributes: { visits: 1 } },
      { profileId: 'p1', timestamp: Date.UTC(2011, 0, 2, 10), type: 'purchase', value: 9.5, item: 'sku-1', attributes: { visits: 3 } },
    ])
  })

  it('a typed numeric timestamp column out of range (epoch seconds) gets the epoch-seconds hint', async () => {
    const path = join(tmp, 'seconds.parquet')
    const db = await DuckDBInstance.create(':memory:')
    const conn = await db.connect()
    await conn.run(`COPY (SELECT * FROM (VALUES ('p1', 1293840000::BIGINT, 'view'), ('p1', 1293840000000::BIGINT, 'view'), ('p2', 1293840000000::BIGINT, 'view'))
        v(profileId, "timestamp", type)) TO '${path}' (FORMAT parquet)`)
    db.closeSync()
    const { source } = await collect([path])
    expect(source.summary.bad.map((b) => b.reason)).toEqual([OUTSIDE_EPOCH])
  })
})

describe('openEvents: Online Retail', () => {
  it('selects the online-retail preset from the header', async () => {
    const { source, profiles } = await collect([fx('online-retail-sample.csv')])
    expect(source.summary).toMatchObject({ rowsRead: 5, events: 4, droppedNoProfile: 1, profiles: 3, typeCounts: { purchase: 3, return: 1 } })
    expect(profiles.map((p) => p.profileId)).toEqual(['12583', '14527', '17850'])
    expect(profiles[1]!.events[0]).toEqual({ profileId: '14527', timestamp: Date.UTC(2010, 11, 1, 9, 41), type: 'return', value: -27.5, item: 'D', attributes: { invoice: 'C536379', country: 'United Kingdom' } })
    expect(profiles[2]!.events[0]!.value).toBeCloseTo(15.3, 10)
  })

  it('the documented --map command gives the same events as the preset', async () => {
    const map = parseMapArgs([`profileId=regexp_replace(CustomerID, '\\.0$', '')`, 'timestamp=InvoiceDate', 'item=StockCode', 'value=Quantity * UnitPrice',
      "type=CASE WHEN starts_with(InvoiceNo, 'C') THEN 'return' ELSE 'purchase' END", 'attributes.invoice=InvoiceNo', 'attributes.country=Country'])
    const mapped = await collect([fx('online-retail-sample.csv')], { map })
    const preset = await collect([fx('online-retail-sample.csv')], { preset: 'online-retail' })
    expect(mapped.profiles).toEqual(preset.profiles)
    expect(mapped.source.summary.droppedNoProfile).toBe(1)
  })

  it('reads the bundled export: 541,909 rows, 135,080 without CustomerID, 4,372 profiles', async () => {
    const source = await openEvents([resolve(FIX, '../../data/online-retail/online_retail.csv.gz')], { preset: 'online-retail' })
    try {
      const s = source.summary
      expect(s.rowsRead).toBe(541_909)
      expect(s.droppedNoProfile).toBe(135_080)
      expect(s.profiles).toBe(4_372)
      expect(s.events).toBe(541_909 - 135_080)
      expect(s.typeCounts.return).toBe(8_905)
      expect(s.typeCounts.purchase).toBe(397_924)
      expect(s.bad).toEqual([])
      let profiles = 0
      let events = 0
      let sorted = true
      for await (const p of source.profiles({ before: Date.UTC(2011, 8, 1) })) {
        profiles++
        events += p.events.length
        for (let i = 1; i < p.events.length; i++) if (p.events[i]!.timestamp < p.events[i - 1]!.timestamp) sorted = false
      }
      expect(sorted).toBe(true)
      expect(events).toBeGreaterThan(200_000)
      expect(events).toBeLessThan(s.events)
      expect(profiles).toBeLessThan(4_372)
    } finally {
      await source.close()
    }
  })
})
