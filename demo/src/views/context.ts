/** What every view gets: the data, the SDK, the cart, the clock, the panel. */
import type { Auspex } from '../auspex-client.ts'
import type { Cart } from '../cart.ts'
import type { DemoClock } from '../clock.ts'
import type { DemoData } from '../data.ts'
import type { Panel } from '../panel.ts'

export interface ViewContext {
  data: DemoData
  auspex: Auspex
  cart: Cart
  clock: DemoClock
  panel: Panel
  /** where views render */
  main: HTMLElement
  /**
   * announces a short status to screen readers and, unless `quiet` (the view confirms in place), in a small
   * toast in the bottom-left corner on wide screens
   */
  announce(message: string, quiet?: boolean): void
  /** the real customer being impersonated, if any */
  customerId(): string | null
  setCustomer(id: string | null): void
}

/** A tile standing in for a product photo: the product's initials on a colour from its code. */
export function productTile(code: string, name: string, size: 'sm' | 'lg' = 'sm'): string {
  let h = 0
  for (const c of code) h = (h * 31 + c.charCodeAt(0)) % 360
  const initials = name.split(/\s+/).filter((w) => /^[A-Za-z]/.test(w)).slice(0, 2).map((w) => w[0]).join('').toUpperCase()
  return `<div class="tile tile-${size}" style="--h:${h}" aria-hidden="true">${initials}</div>`
}
