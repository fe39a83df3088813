import { AuspexError } from './errors.ts'
import { artifactHash } from './artifact-hash.ts'
import { ARTIFACT_FORMAT, ARTIFACT_FORMAT_VERSION, PAIR_LIMITS, type ModelArtifact } from './artifact-types.ts'
import { validateFeatureConfig } from './feature-config.ts'
import { parseGoal } from './goal-parse.ts'

const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/

function bad(path: string, message: string): never {
  throw new AuspexError('INVALID_MODEL', message, { path })
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

function numbers(v: unknown, path: string, { ascending = false, length }: { ascending?: boolean; length?: number } = {}): number[] {
  if (!Array.isArray(v) || v.some((x) => !isNum(x))) bad(path, 'expected an array of finite numbers')
  if (length !== undefined && v.length !== length) bad(path, `expected ${length} numbers, got ${v.length}`)
  if (ascending) for (let i = 1; i < v.length; i++) if (!((v[i] as number) >= (v[i - 1] as number))) bad(`${path}[${i}]`, 'values must be ascending')
  return v as number[]
}

function thresholds(v: unknown, path: string): void {
  if (!isObj(v) || !isNum(v.medium) || !isNum(v.high) || !(v.medium <= v.high)) bad(path, 'expected { "medium": number, "high": number } with medium ≤ high')
}

function validatePairs(pairs: unknown, codes: ReadonlySet<string>): void {
  if (!Array.isArray(pairs)) bad('model.pairs', 'expected an array of pair terms')
  if (pairs.length > PAIR_LIMITS.maxPairs) bad('model.pairs', `at most ${PAIR_LIMITS.maxPairs} pair terms, got ${pairs.length}`)
  pairs.forEach((p, i) => {
    const path = `model.pairs[${i}]`
    if (!isObj(p) || !Array.isArray(p.features) || p.features.length !== 2 || !Array.isArray(p.edges) || p.edges.length !== 2) {
      bad(path, 'expected { features: [a, b], edges: [[…], […]], weights }')
    }
    p.features.forEach((f: unknown, k: number) => {
      if (typeof f !== 'string' || !codes.has(f)) bad(`${path}.features[${k}]`, `unknown feature ${JSON.stringify(f)}; it must be one of features.spec[].code`)
    })
    if (p.features[0] === p.features[1]) bad(`${path}.features`, 'a pair needs two different features')
    const n0 = numbers(p.edges[0], `${path}.edges[0]`, { ascending: true }).length + 2
    const n1 = numbers(p.edges[1], `${path}.edges[1]`, { ascending: true }).length + 2
    if (n0 * n1 > PAIR_LIMITS.maxWeights) bad(`${path}.weights`, `at most ${PAIR_LIMITS.maxWeights} weights per pair, this grid has ${n0 * n1}`)
    numbers(p.weights, `${path}.weights`, { length: n0 * n1 })
  })
}

export interface ValidateOptions {
  /** Check `hash` against the content (default true). */
  verifyHash?: boolean
}

/**
 * Validates a parsed model artifact: format and version, every field the scorer needs, and the content hash.
 * @throws {AuspexError} `UNSUPPORTED_FORMAT_VERSION`, `INVALID_MODEL` (with the JSON path) or `MODEL_HASH_MISMATCH`.
 */
export function validateArtifact(raw: unknown, options: ValidateOptions = {}): ModelArtifact {
  if (!isObj(raw)) bad('$', 'a model artifact must be a JSON object')
  if (raw.format !== ARTIFACT_FORMAT) bad('format', `expected "${ARTIFACT_FORMAT}", got ${JSON.stringify(raw.format)}`)
  if (raw.formatVersion !== ARTIFACT_FORMAT_VERSION) {
    throw new AuspexError('UNSUPPORTED_FORMAT_VERSION', `this build reads format version ${ARTIFACT_FORMAT_VERSION}, got ${JSON.stringify(raw.formatVersion)}; retrain or upgrade Auspex`, { path: 'formatVersion' })
  }
  if (typeof raw.version !== 'string' || !VERSION.test(raw.version)) bad('version', 'expected a URL-safe id (letters, digits, ".", "_", "-"; at most 128)')
  if (typeof raw.createdAt !== 'string' || Number.isNaN(Date.parse(raw.createdAt))) bad('createdAt', 'expected an ISO 8601 timestamp')
  try {
    parseGoal(raw.goal)
  } catch (error) {
    const inner = error as AuspexError
    bad(`goal.${inner.path ?? ''}`.replace(/\.$/, ''), inner.message.replace(/^[^:]*: /, ''))
  }
  if (!isObj(raw.features)) bad('features', 'expected { config, spec }')
  validateFeatureConfig(raw.features.config, 'features.config')
  const spec = raw.features.spec
  if (!Array.isArray(spec) || spec.length === 0) bad('features.spec', 'expected a non-empty array of feature definitions')
  const codes = new Set<string>()
  spec.forEach((f, i) => {
    if (!isObj(f) || typeof f.code !== 'string' || typeof f.name !== 'string' || typeof f.template !== 'string' || typeof f.unit !== 'string') {
      bad(`features.spec[${i}]`, 'expected { code, name, template, unit }')
    }
    if ((f as Record<string, unknown>).missing !== undefined && typeof (f as Record<string, unknown>).missing !== 'string') bad(`features.spec[${i}].missing`, 'expected a string')
    codes.add(f.code as string)
  })
  const model = raw.model
  if (!isObj(model) || model.kind !== 'gam') bad('model.kind', `expected "gam", got ${JSON.stringify(isObj(model) ? model.kind : model)}`)
  if (!isNum(model.intercept)) bad('model.intercept', 'expected a finite number')
  if (!Array.isArray(model.terms)) bad('model.terms', 'expected an array of terms')
  model.terms.forEach((t, i) => {
    const path = `model.terms[${i}]`
    if (!isObj(t)) bad(path, 'expected { feature, edges, weights }')
    if (typeof t.feature !== 'string' || !codes.has(t.feature)) bad(`${path}.feature`, `unknown feature ${JSON.stringify(t.feature)}; it must be one of features.spec[].code`)
    const edges = numbers(t.edges, `${path}.edges`, { ascending: true })
    numbers(t.weights, `${path}.weights`, { length: edges.length + 2 })
  })
  if (model.pairs !== undefined) validatePairs(model.pairs, codes)
  const cal = raw.calibration
  if (!isObj(cal) || cal.kind !== 'platt' || !isNum(cal.a) || !isNum(cal.b)) bad('calibration', 'expected { "kind": "platt", "a": number, "b": number }')
  const percentiles = numbers(raw.percentiles, 'percentiles', { ascending: true, length: 99 })
  if (percentiles.some((p) => p < 0 || p > 1)) bad('percentiles', 'probabilities must be within 0–1')
  thresholds(raw.buckets, 'buckets')
  thresholds(raw.importance, 'importance')
  if (!isObj(raw.metrics) || !isNum(raw.metrics.auc)) bad('metrics.auc', 'expected the hold-out AUC (a number)')
  if (raw.training !== undefined && !isObj(raw.training)) bad('training', 'expected an object')
  if (typeof raw.hash !== 'string' || !/^sha256-[0-9a-f]{64}$/.test(raw.hash)) bad('hash', 'expected "sha256-" followed by 64 hex digits')
  const artifact = raw as unknown as ModelArtifact
  if (options.verifyHash !== false) {
    const actual = artifactHash(artifact)
    if (actual !== artifact.hash) {
      throw new AuspexError('MODEL_HASH_MISMATCH', `content hash is ${actual} but the artifact says ${artifact.hash}: it was altered or corrupted`, { path: 'hash' })
    }
  }
  return artifact
}
