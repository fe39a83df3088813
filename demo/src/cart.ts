/** The shopping cart: lines of product code and quantity, persisted in localStorage. */
import type { Product } from '../scripts/catalogue.ts'

export interface CartLine { code: string; quantity: number }

export interface Cart {
  lines(): CartLine[]
  add(code: string, quantity: number): void
  set(code: string, quantity: number): void
  clear(): void
  count(): number
  /** lines priced from the catalogue (unknown codes are dropped) */
  priced(catalogue: ReadonlyMap<string, Product>): Array<CartLine & { product: Product; total: number }>
  onChange(cb: () => void): void
}

/** A cart stored under `key`. Quantities are whole numbers 1–999; setting 0 removes the line. */
export function createCart(storage: Pick<Storage, 'getItem' | 'setItem'>, key = 'auspex-demo-cart'): Cart {
  let lines: CartLine[] = []
  try { lines = (JSON.parse(storage.getItem(key) ?? '[]') as CartLine[]).filter((l) => typeof l.code === 'string' && l.quantity > 0) } catch { lines = [] }
  const listeners: Array<() => void> = []
  const save = (): void => { storage.setItem(key, JSON.stringify(lines)); for (const l of listeners) l() }
  const clamp = (q: number): number => Math.max(0, Math.min(999, Math.floor(q)))
  return {
    lines: () => lines.map((l) => ({ ...l })),
    add(code, quantity) {
      const line = lines.find((l) => l.code === code)
      if (line) line.quantity = clamp(line.quantity + quantity)
      else if (clamp(quantity) > 0) lines.push({ code, quantity: clamp(quantity) })
      save()
    },
    set(code, quantity) {
      const q = clamp(quantity)
      lines = q === 0 ? lines.filter((l) => l.code !== code) : lines.map((l) => (l.code === code ? { code, quantity: q } : l))
      save()
    },
    clear() { lines = []; save() },
    count: () => lines.reduce((s, l) => s + l.quantity, 0),
    priced(catalogue) {
      return lines.flatMap((l) => {
        const product = catalogue.get(l.code)
        return product ? [{ ...l, product, total: Math.round(product.price * l.quantity * 100) / 100 }] : []
      })
    },
    onChange(cb) { listeners.push(cb) },
  }
}
