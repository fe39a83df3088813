/** The demo's data: catalogue, customers and meta generated from the bundled export, and the dev config. */
import type { DemoCustomer, Product } from '../scripts/catalogue.ts'

export type { DemoCustomer, Product }

export interface DemoMeta {
  historyEnd: number
  products: number
  customers: number
  source: string
  /** what is real (the purchases) and what is simulated (the browsing), with the rates: shown on the model pages */
  note?: string
}
export interface DemoConfig { edgeUrl: string | null; token: string | null; goals: string[] }

export interface DemoData {
  meta: DemoMeta
  catalogue: Product[]
  byCode: Map<string, Product>
  customers: DemoCustomer[]
  config: DemoConfig
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url)
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}; run \`pnpm start\` to generate the demo data`)
  return (await res.json()) as T
}

const CONFIG_KEY = 'auspex-demo-config'

/** Loads everything the page needs. The dev config is remembered so an offline reload still has it. */
export async function loadDemoData(): Promise<DemoData> {
  const [meta, catalogue, customers] = await Promise.all([
    getJson<DemoMeta>('/generated/meta.json'),
    getJson<Product[]>('/generated/catalogue.json'),
    getJson<DemoCustomer[]>('/generated/customers.json'),
  ])
  let config: DemoConfig
  try {
    config = await getJson<DemoConfig>('/__auspex/config.json')
    localStorage.setItem(CONFIG_KEY, JSON.stringify(config))
  } catch {
    const saved = localStorage.getItem(CONFIG_KEY)
    config = saved ? (JSON.parse(saved) as DemoConfig) : { edgeUrl: null, token: null, goals: ['purchase-30d', 'churn-90d'] }
  }
  return { meta, catalogue, byCode: new Map(catalogue.map((p) => [p.code, p])), customers, config }
}
