import { validateArtifact, type ModelArtifact } from '@auspex/core'
import { CliError } from './cli-error.ts'
import { helpText, parseFlags, type Flags } from './args.ts'
import { checkEndpoint, isLoopbackHost } from './endpoint.ts'
import type { CliIo } from './io.ts'
import { readArtifactJson } from './model-dir.ts'
import { describeChecked, readChecked, type GateChecked } from './quality-gate.ts'
import { readSegmentsFile } from './segments-file.ts'

export const PUBLISH_FLAGS: Flags = {
  model: { type: 'string', value: 'DIR', help: 'model folder written by auspex train' },
  segments: { type: 'string', value: 'FILE', help: 'segment rules (JSON, e.g. goals/segments.json): PUT /v1/segments (after the model)' },
  endpoint: { type: 'string', required: true, value: 'URL', help: 'the edge, e.g. https://auspex.example.workers.dev (token from AUSPEX_TOKEN)' },
  activate: { type: 'boolean', help: 'make this version the active model of its goal (refused below the goal\'s quality floors)' },
  force: { type: 'boolean', help: 'with --activate: activate even below the quality floors (hold-out AUC, 500/500 examples)' },
  'allow-insecure-http': { type: 'boolean', help: 'allow a plain http:// --endpoint on another machine (the token then crosses the network unencrypted)' },
  json: { type: 'boolean', help: 'print one JSON document on stdout' },
}

/** The outcome of publishing segment rules: the edge's content-derived version of the set. */
export interface SegmentsPublishResult {
  version: string
  count: number
  /** false when the edge already had this exact set (200 instead of 201) */
  created: boolean
}

/** An edge answer: the status and the body (parsed JSON, else the text). */
export interface EdgeReply { status: number; body: unknown }

/** One request to the edge. @throws CliError PUBLISH_UNREACHABLE when the request fails */
export async function call(io: CliIo, url: string, init: RequestInit): Promise<EdgeReply> {
  let res: Response
  try {
    res = await io.fetch(url, init)
  } catch (cause) {
    const reason = (cause as { cause?: { code?: string } }).cause?.code ?? (cause as Error).message
    throw new CliError('PUBLISH_UNREACHABLE', `${init.method} ${url}: the edge is unreachable (${reason}); check --endpoint and that the edge is running`, { cause })
  }
  const text = await res.text()
  let body: unknown = text
  try { body = text ? JSON.parse(text) : null } catch { /* not JSON: keep the text */ }
  return { status: res.status, body }
}

/** The CliError for an edge's error reply, with its code and message. */
export function edgeError(method: string, url: string, reply: EdgeReply): CliError {
  const err = (reply.body as { error?: { code?: string; message?: string } } | null)?.error
  const detail = err ? `${err.code ?? 'ERROR'}: ${err.message ?? ''}` : typeof reply.body === 'string' ? reply.body.slice(0, 200) : JSON.stringify(reply.body)
  if (reply.status === 422 && err?.code === 'QUALITY_GATE') {
    return new CliError('QUALITY_GATE', `${method} ${url}: 422 ${err.message ?? ''} (the version is uploaded; the active model is unchanged)`)
  }
  if (reply.status === 401 || reply.status === 403) {
    return new CliError('PUBLISH_UNAUTHORIZED', `${method} ${url}: ${reply.status} (${detail}); set AUSPEX_TOKEN to the edge's publish token`)
  }
  return new CliError('PUBLISH_FAILED', `${method} ${url}: ${reply.status} ${detail}`)
}

/** The outcome of a publish. */
export interface PublishResult {
  goal: string
  version: string
  hash: string
  uploaded: boolean
  activated: boolean
  /** the figures the edge held against the goal's quality floors (activation's, else the upload's); absent from older edges */
  checked?: GateChecked
  /** true when `--force` activated a version below a floor */
  forced?: boolean
}

/**
 * Uploads an artifact to the edge (`PUT /v1/models/:goal/versions/:version`) and optionally activates it, with
 * `"force": true` when `force`. A `409` is accepted when the stored version has the same content hash (re-publishing
 * is idempotent). @throws CliError `QUALITY_GATE` (with the edge's message) when the activation is below a floor.
 */
export async function publishArtifact(io: CliIo, endpoint: string, token: string, artifact: ModelArtifact, activate: boolean, force = false): Promise<PublishResult> {
  const base = endpoint.replace(/\/+$/, '')
  const goal = encodeURIComponent(artifact.goal.name)
  const version = encodeURIComponent(artifact.version)
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const putUrl = `${base}/v1/models/${goal}/versions/${version}`
  const put = await call(io, putUrl, { method: 'PUT', headers, body: JSON.stringify(artifact) })
  let uploaded = true
  let checked = readChecked(put.body)
  if (put.status === 409) {
    const existing = await call(io, putUrl, { method: 'GET', headers: { authorization: `Bearer ${token}` } })
    const hash = (existing.body as { hash?: unknown } | null)?.hash
    if (existing.status !== 200 || hash !== artifact.hash) {
      throw new CliError('PUBLISH_CONFLICT', `${putUrl}: version ${artifact.version} already exists with different content (hash ${String(hash)}, ours ${artifact.hash}); retrain to get a new version`)
    }
    uploaded = false
  } else if (put.status < 200 || put.status >= 300) {
    throw edgeError('PUT', putUrl, put)
  }
  let forced: boolean | undefined
  if (activate) {
    const postUrl = `${base}/v1/models/${goal}/active`
    const post = await call(io, postUrl, { method: 'POST', headers, body: JSON.stringify(force ? { version: artifact.version, force } : { version: artifact.version }) })
    if (post.status < 200 || post.status >= 300) throw edgeError('POST', postUrl, post)
    checked = readChecked(post.body) ?? checked
    const f = (post.body as { forced?: unknown } | null)?.forced
    if (typeof f === 'boolean') forced = f
  }
  return {
    goal: artifact.goal.name, version: artifact.version, hash: artifact.hash, uploaded, activated: activate,
    ...(checked ? { checked } : {}), ...(forced !== undefined ? { forced } : {}),
  }
}

/**
 * Uploads segment rules (`PUT /v1/segments` with `{ "segments": [...] }`); the edge answers `{ version, count }`.
 * Validate them first (`readSegmentsFile`). @throws CliError PUBLISH_* with the edge's code and message
 */
export async function publishSegmentRules(io: CliIo, endpoint: string, token: string, rules: readonly unknown[]): Promise<SegmentsPublishResult> {
  const url = `${endpoint.replace(/\/+$/, '')}/v1/segments`
  const reply = await call(io, url, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ segments: rules }) })
  if (reply.status !== 200 && reply.status !== 201) throw edgeError('PUT', url, reply)
  const body = reply.body as { version?: unknown; count?: unknown } | null
  if (typeof body?.version !== 'string' || typeof body.count !== 'number') {
    throw new CliError('PUBLISH_FAILED', `PUT ${url}: ${reply.status} without { version, count } (got ${JSON.stringify(reply.body).slice(0, 200)}); is --endpoint an Auspex edge?`)
  }
  return { version: body.version, count: body.count, created: reply.status === 201 }
}

/** `auspex publish`: upload `DIR/model.json` and/or segment rules to the edge. Returns the exit code. */
export async function publishCommand(argv: string[], io: CliIo): Promise<number> {
  const flags = parseFlags('publish', argv, PUBLISH_FLAGS)
  if (flags === 'help') { io.stdout(helpText('publish', 'upload a model to the edge (token from AUSPEX_TOKEN)', PUBLISH_FLAGS)); return 0 }
  const token = io.env.AUSPEX_TOKEN
  if (!token) throw new CliError('USAGE', 'auspex publish: AUSPEX_TOKEN is not set; export AUSPEX_TOKEN=<the edge publish token>')
  const endpoint = flags.endpoint as string
  const insecure = flags['allow-insecure-http'] === true
  const url = checkEndpoint('publish', endpoint, insecure)
  if (insecure && url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    io.stderr(`auspex publish: warning: sending AUSPEX_TOKEN over plain http to ${url.host} (--allow-insecure-http)\n`)
  }
  if (flags.model === undefined && flags.segments === undefined) throw new CliError('USAGE', 'auspex publish: give --model DIR, --segments FILE or both; see auspex publish --help')
  if (flags.model === undefined && flags.activate === true) throw new CliError('USAGE', 'auspex publish: --activate needs --model DIR (segment sets are active as soon as they are published)')
  if (flags.force === true && flags.activate !== true) throw new CliError('USAGE', 'auspex publish: --force only applies to --activate (it overrides the quality gate of an activation)')
  // read and validate everything before the first request
  const artifact = flags.model === undefined ? undefined : validateArtifact(await readArtifactJson(flags.model as string))
  const rules = flags.segments === undefined ? undefined : await readSegmentsFile(flags.segments as string)
  const r = artifact ? await publishArtifact(io, endpoint, token, artifact, flags.activate === true, flags.force === true) : undefined
  const s = rules ? await publishSegmentRules(io, endpoint, token, rules.rules) : undefined
  if (flags.json === true) io.stdout(JSON.stringify({ ok: true, ...r, ...(s ? { segments: s } : {}) }) + '\n')
  else {
    if (r) io.stdout(`${r.uploaded ? 'published' : 'already published'} ${r.goal} ${r.version}${r.activated ? ' and activated it' : ''}\n`)
    if (r?.checked) io.stdout(`${describeChecked(r.checked, r.activated, r.forced === true)}\n`)
    if (s) io.stdout(`${s.created ? 'published' : 'already published'} ${s.count} segment rule${s.count === 1 ? '' : 's'} as ${s.version} (active)\n`)
  }
  return 0
}
