/**
 * Generates the demo's data from the bundled export: `catalogue.json` (≈600 real products),
 * `customers.json` (≈20 real customers with their event histories) and `meta.json` (history end, source
 * hash) in `demo/public/generated/` (git-ignored; rebuilt by `pnpm start` when the data file changes).
 *
 * Run alone: `npx tsx demo/scripts/generate-data.ts [data.csv.gz] [outDir]`.
 */
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { createGunzip } from 'node:zlib'
import { buildCatalogue, pickCustomers } from './catalogue.ts'
import { parseRetailLine, type RetailLine } from './retail-rows.ts'

export const DEMO_ROOT = resolve(import.meta.dirname, '..')
export const DEFAULT_DATA = resolve(DEMO_ROOT, '../data/online-retail/online_retail.csv.gz')
export const DEFAULT_OUT = join(DEMO_ROOT, 'public/generated')

export interface DemoMeta {
  source: string
  sourceHash: string
  historyEnd: number
  products: number
  customers: number
  rows: number
  badRows: number
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

/** Writes the demo data unless `outDir/meta.json` already matches the data file; returns its meta. */
export async function generateDemoData(dataFile = DEFAULT_DATA, outDir = DEFAULT_OUT): Promise<DemoMeta & { cached: boolean }> {
  const sourceHash = fileHash(dataFile)
  const metaFile = join(outDir, 'meta.json')
  if (existsSync(metaFile) && existsSync(join(outDir, 'catalogue.json')) && existsSync(join(outDir, 'customers.json'))) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as DemoMeta
    if (meta.sourceHash === sourceHash) return { ...meta, cached: true }
  }
  const { lines, bad } = await readRetailLines(dataFile)
  const historyEnd = lines.reduce((m, l) => Math.max(m, l.timestamp), 0)
  const catalogue = buildCatalogue(lines)
  const customers = pickCustomers(lines, historyEnd)
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, 'catalogue.json'), JSON.stringify(catalogue))
  writeFileSync(join(outDir, 'customers.json'), JSON.stringify(customers))
  const meta: DemoMeta = { source: 'UCI Online Retail (CC BY 4.0)', sourceHash, historyEnd, products: catalogue.length, customers: customers.length, rows: lines.length, badRows: bad }
  writeFileSync(metaFile, JSON.stringify(meta, null, 2))
  return { ...meta, cached: false }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [data, out] = process.argv.slice(2)
  const meta = await generateDemoData(data ? resolve(data) : DEFAULT_DATA, out ? resolve(out) : DEFAULT_OUT)
  console.log(`demo data: ${meta.products} products, ${meta.customers} customers${meta.cached ? ' (up to date)' : ''} → ${dirname(join(out ?? DEFAULT_OUT, 'x'))}`)
}
