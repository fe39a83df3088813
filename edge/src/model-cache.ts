import { loadModel, type Model } from '@auspex/core'

/** Where the cache gets an artifact's JSON text from (R2 in the Worker, memory in tests and the bench). */
export type ArtifactLoader = (goal: string, version: string) => Promise<string | null>

const MAX_MODELS = 16

/**
 * A per-isolate cache of parsed models keyed by goal, version and content hash. A version is immutable, so an
 * entry never goes stale; loads of the same version share one promise. Holds at most 16 models (least recent out).
 */
export class ModelCache {
  readonly #entries = new Map<string, Promise<Model | null>>()

  /** The parsed model of `goal`/`version`, loading (and validating) it once per isolate; null when it is not stored. */
  get(goal: string, version: string, hash: string, load: ArtifactLoader): Promise<Model | null> {
    const key = `${goal}\n${version}\n${hash}`
    const hit = this.#entries.get(key)
    if (hit) {
      this.#entries.delete(key)
      this.#entries.set(key, hit)
      return hit
    }
    const pending = load(goal, version).then((text) => (text === null ? null : loadModel(JSON.parse(text))))
    this.#entries.set(key, pending)
    pending.then(
      (model) => { if (model === null) this.#entries.delete(key) },
      () => this.#entries.delete(key),
    )
    while (this.#entries.size > MAX_MODELS) this.#entries.delete(this.#entries.keys().next().value as string)
    return pending
  }

  /** Number of cached models (for tests). */
  get size(): number {
    return this.#entries.size
  }
}

/** The isolate-wide cache used by the Worker. */
export const modelCache = new ModelCache()
