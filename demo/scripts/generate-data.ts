/**
 * Generates the demo's data from the bundled export:
 * - the shop's events (`shop-events.csv.gz`, canonical CSV, by default under `.auspex/data/`): the real Online
 *   Retail purchases of a customer sample with simulated browsing around them (`simulate/`), the default data
 *   of the demo's models;
 * - `catalogue.json` (≈600 real products), `customers.json` (≈20 real customers with their histories from the
 *   same events) and `meta.json` (history end, hashes, the realised rates and the data note) in
 *   `demo/public/generated/` (git-ignored).
 * Regenerated only when the data file or the simulator's code changes.
 *
 * Run alone: `npx tsx demo/scripts/generate-data.ts [data.csv.gz] [outDir] [events.csv.gz]`.
 */
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { createGunzip } from 'node:zlib'
import { buildCatalogue, pickCustomers } from './catalogue.ts'
import { parseRetailLine, type HistoryEvent, type RetailLine } from './retail-rows.ts'
import { dataNote } from './simulate/note.ts'
import { CUSTOMER_SAMPLE_SHARE, DEFAULT_SEED } from './simulate/rates.ts'
import { formatRates, realisedRates, type RealisedRates } from './simulate/realised.ts'
import { simulate } from './simulate/simulate.ts'
import { writeEventsCsvGz } from './simulate/write-events.ts'

export const DEMO_ROOT = resolve(import.meta.dirname, '..')
export const DEFAULT_DATA = resolve(DEMO_ROOT, '../data/online-retail/online_retail.csv.gz')
export const DEFAULT_OUT = join(DEMO_ROOT, 'public/generated')
export const DEFAULT_EVENTS = resolve(DEMO_ROOT, '../.auspex/data/shop-events.csv.gz')

/** The largest simulated history a picked customer may have: keeps `customers.json` and `load()` light. */
const MAX_HISTORY_EVENTS = 4000

export interface DemoMeta {
  source: string
  sourceHash: string
  /** SHA-256 of the generator's and simulator's code and the seed: a change regenerates */
  simulatorHash: string
  historyEnd: number
  products: number
  customers: number
  rows: number
  badRows: number
  /** the simulated events file and its realised rates */
  events: { file: string; seed: number; share: number; rates: RealisedRates }
  /** what is real and what is simulated, in one paragraph */
  note: string
}

/** Reads every row of a (gzipped) Online Retail CSV. */
export async function readRetailLines(file: string): Promise<{ lines: RetailLine[]; bad: number }> {
  const input = createReadStream(file)
  const rl = createInterface({ input: file.endsWith('.gz') ? input.pipe(createGunzip()) : input, crlfDelay: Infinity })
  const lines: RetailLine[] = []
  let bad = 0
  let header = true
  for await (const raw of rl) {
    if (header) { header = false; continue }
    if (!raw) continue
    const line = parseRetailLine(raw)
    if (line) lines.push(line)
    else bad++
  }
  return { lines, bad }
}

/** SHA-256 of a file, hex. */
export function fileHash(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

/** SHA-256 of the code that shapes the generated data (this file, the catalogue, the simulator) and the seed. */
export function simulatorHash(seed = DEFAULT_SEED): string {
  const dir = import.meta.dirname
  const files = [
    ...['generate-data.ts', 'catalogue.ts', 'retail-rows.ts'].map((f) => join(dir, f)),
    ...readdirSync(join(dir, 'simulate'))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .sort()
      .map((f) => join(dir, 'simulate', f)),
  ]
  const h = createHash('sha256').update(`seed:${seed}\n`)
  for (const f of files) h.update(`${f.slice(dir.length)}\n`).update(readFileSync(f))
  return h.digest('hex')
}

function isCurrent(outDir: string, eventsFile: string, sourceHash: string, codeHash: string): DemoMeta | null {
  const metaFile = join(outDir, 'meta.json')
  const files = [...['meta.json', 'catalogue.json', 'customers.json'].map((f) => join(outDir, f)), eventsFile]
  if (!files.every((f) => existsSync(f))) return null
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Partial<DemoMeta>
  const ok = meta.sourceHash === sourceHash && meta.simulatorHash === codeHash && meta.events?.file === eventsFile
  return ok ? (meta as DemoMeta) : null
}

/**
 * Writes the shop's events and the demo data unless they match the data file and the simulator's code;
 * returns the meta (with `cached`).
 */
export async function generateDemoData(
  dataFile = DEFAULT_DATA, outDir = DEFAULT_OUT, eventsFile = DEFAULT_EVENTS,
): Promise<DemoMeta & { cached: boolean }> {
  const sourceHash = fileHash(dataFile)
  const codeHash = simulatorHash()
  const current = isCurrent(outDir, eventsFile, sourceHash, codeHash)
  if (current) return { ...current, cached: true }
  const { lines, bad } = await readRetailLines(dataFile)
  const sim = simulate(lines, { seed: DEFAULT_SEED, share: CUSTOMER_SAMPLE_SHARE })
  const rates = realisedRates(sim.profiles.map((p) => p.events))
  mkdirSync(dirname(eventsFile), { recursive: true })
  await writeEventsCsvGz(sim.profiles, eventsFile)
  const histories = new Map<string, HistoryEvent[]>()
  for (const p of sim.profiles) if (p.known) histories.set(p.id, p.events.map(({ profileId: _id, ...e }) => e))
  const catalogue = buildCatalogue(lines)
  const customers = pickCustomers(lines, sim.end, MAX_HISTORY_EVENTS, (id) => histories.get(id))
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, 'catalogue.json'), JSON.stringify(catalogue))
  writeFileSync(join(outDir, 'customers.json'), JSON.stringify(customers))
  const meta: DemoMeta = {
    source: 'UCI Online Retail (CC BY 4.0): real purchases and returns; simulated browsing',
    sourceHash, simulatorHash: codeHash, historyEnd: sim.end, products: catalogue.length, customers: customers.length,
    rows: lines.length, badRows: bad,
    events: { file: eventsFile, seed: DEFAULT_SEED, share: CUSTOMER_SAMPLE_SHARE, rates },
    note: dataNote(rates, CUSTOMER_SAMPLE_SHARE),
  }
  writeFileSync(join(outDir, 'meta.json'), JSON.stringify(meta, null, 2))
  return { ...meta, cached: false }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [data, out, events] = process.argv.slice(2)
  const started = Date.now()
  const meta = await generateDemoData(data ? resolve(data) : DEFAULT_DATA, out ? resolve(out) : DEFAULT_OUT, events ? resolve(events) : DEFAULT_EVENTS)
  console.log(`demo data: ${meta.products} products, ${meta.customers} customers${meta.cached ? ' (up to date)' : ''} → ${out ?? DEFAULT_OUT}`)
  console.log(`shop events → ${meta.events.file} (${((Date.now() - started) / 1000).toFixed(1)} s)\n${formatRates(meta.events.rates)}`)
}
