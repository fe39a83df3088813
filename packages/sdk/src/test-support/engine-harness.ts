import { afterEach } from 'vitest'
import { createEngine, type EngineDeps } from '../engine.ts'
import type { AuspexScore, EngineApi, EngineOptions, ErrorInfo } from '../protocol.ts'
import { GOAL, T0 } from './fixtures.ts'

let n = 0
const open: EngineApi[] = []

/** Destroys every engine a test started (call once per test file). */
export function destroyEnginesAfterEach() {
  afterEach(async () => {
    await Promise.all(open.splice(0).map((e) => e.destroy()))
  })
}

/** Engine options for one test: the purchase goal, a fresh namespace (database), `extra` on top. */
export function engineOptions(extra: Partial<EngineOptions> = {}): EngineOptions {
  return { goals: [GOAL], consent: true, revalidateEvery: 300_000, topFactors: 5, namespace: `ns-${Date.now()}-${++n}`, debug: false, ...extra }
}

/** Starts an engine (destroyed after the test) recording the scores and errors it sends. */
export async function startEngine(opts: EngineOptions, deps: EngineDeps = {}, now = T0) {
  const scores: AuspexScore[] = []
  const errors: ErrorInfo[] = []
  const engine = createEngine(deps)
  open.push(engine)
  const info = await engine.init(opts, { onScore: (s) => void scores.push(s), onError: (e) => void errors.push(e) }, now)
  return { engine, scores, errors, info }
}
