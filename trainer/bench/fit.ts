/**
 * Fit bench: seconds of the fit step (`fitStep`: bin edges, design matrix, the tfjs epochs, the interaction step
 * when it runs) on 300 000 generated examples × 56 features, the shape of the 10 M-event export's sample (the
 * default --max-examples, 282 k training and 18 k early-stopping rows). The examples are made here, not built
 * from events, so the figure is the fit's alone. Budget: ≤ 5 s (the scale-out issue: `auspex train` on 10 M events
 * in ≤ 30 s from shards). Prints one line; writes `.auspex/bench/trainer-fit.json`.
 * Run from the repo root: `npx tsx trainer/bench/fit.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createRng, type Rng } from '../src/cases/prng.ts'
import type { Example } from '../src/model/examples.ts'
import { fitStep } from '../src/model/fit-step.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const ROWS = 300_000
const STOP_ROWS = 18_000
const FEATURES = 56
const BUDGET_SECONDS = 5

/** One feature vector: counts with many zeros, continuous values, recencies with missing values, flags. */
function features(rng: Rng): Float32Array {
  const x = new Float32Array(FEATURES)
  for (let f = 0; f < FEATURES; f++) {
    const kind = f % 4
    x[f] = kind === 0 ? (rng.chance(0.55) ? 0 : Math.floor(rng.exp(4)))
      : kind === 1 ? rng.next() * 100
        : kind === 2 ? (rng.chance(0.2) ? NaN : rng.exp(30))
          : rng.chance(0.1) ? 1 : 0
  }
  return x
}

/** A logistic model over a few of the features, base rate ~10 %: a signal the fit has to find. */
function label(rng: Rng, x: Float32Array): 0 | 1 {
  const recency = Number.isNaN(x[2]!) ? 90 : x[2]!
  const z = -2.6 + 0.5 * Math.log1p(x[0]!) + 0.012 * (x[5]! - 50) - 0.02 * recency + 0.8 * x[3]! + 0.3 * Math.log1p(x[8]!)
  return rng.chance(1 / (1 + Math.exp(-z))) ? 1 : 0
}

function examples(rows: number, seed: number, t0: number): Example[] {
  const rng = createRng(seed)
  return Array.from({ length: rows }, (_, r) => {
    const x = features(rng)
    // ~5 snapshots a profile, as the sampler keeps them
    const profileId = `p${rng.int(0, Math.floor(rows / 5))}`
    return { profileId, t: t0 + r, kind: 'event', features: x, label: label(rng, x), events: 1, lastEvent: t0 + r }
  })
}

const train = examples(ROWS - STOP_ROWS, 1, 0)
const stop = examples(STOP_ROWS, 2, ROWS)
const codes = Array.from({ length: FEATURES }, (_, f) => `f${f}`)
const marks: Record<string, number> = {}
let epochs = 0
const cpuAtStart = process.cpuUsage()
const started = performance.now()
const fit = await fitStep({
  train, stop, codes,
  onProgress: (p) => {
    if (p.step === 'bin edges' || p.step === 'design matrix') marks[p.step] = performance.now()
    if (p.unit === 'epochs') epochs = p.done
  },
})
const seconds = (performance.now() - started) / 1000
// CPU seconds too: on a machine shared with other jobs, wall time measures the neighbours as much as the fit
const used = process.cpuUsage(cpuAtStart)
const cpuSeconds = (used.user + used.system) / 1e6
const edgesSeconds = (marks['bin edges']! - started) / 1000
const designSeconds = (marks['design matrix']! - marks['bin edges']!) / 1000
const epochSeconds = seconds - edgesSeconds - designSeconds
const ok = seconds <= BUDGET_SECONDS
const size = `${ROWS.toLocaleString('en-US')} examples × ${FEATURES} features`
const phases = `bin edges ${edgesSeconds.toFixed(1)} s, design ${designSeconds.toFixed(1)} s, ${epochs} epochs ${epochSeconds.toFixed(1)} s`
console.log(`trainer fit: ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s CPU) to fit ${size} (${phases}; ` +
  `kept epoch ${fit.epochs}; budget ≤ ${BUDGET_SECONDS} s) ${ok ? 'OK' : 'OVER'}`)
mkdirSync(join(ROOT, '.auspex/bench'), { recursive: true })
writeFileSync(join(ROOT, '.auspex/bench/trainer-fit.json'), JSON.stringify({
  rows: ROWS, features: FEATURES, seconds, cpuSeconds, edgesSeconds, designSeconds, epochSeconds, epochs,
  keptEpoch: fit.epochs, budgetSeconds: BUDGET_SECONDS, ok,
}, null, 2))
