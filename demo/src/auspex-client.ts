/**
 * The SDK, embedded exactly as a customer site would (the same code is in demo/README.md).
 * The demo's only additions are the clock (the data's time) and a short revalidation interval, so a
 * rollback at the edge shows up within seconds.
 */
import { createAuspex } from '@auspex/sdk'

/** Starts Auspex for this page. */
export function startAuspex(endpoint: string, clock: () => number, onError: (e: { code: string; message: string }) => void) {
  const auspex = createAuspex({
    endpoint,                              // the edge (here proxied on the demo's own origin)
    goals: ['purchase-30d', 'churn-90d'],
    clock,                                 // the demo runs at the data's time (Dec 2011)
    revalidateEvery: 5_000,                // pick up a new active model within 5 s
    segments: true,                        // segment rules from the edge (GET /v1/segments)
    destinations: { htmlAttribute: true, dataLayer: true }, // <html data-auspex-segments>, window.dataLayer
    onError,
    debug: false,
  })
  return auspex
}

export type Auspex = ReturnType<typeof startAuspex>
