/**
 * `ProfileStore`, the profile store's control plane: one Durable Object (`idFromName('profiles')`) that every write
 * goes through — generations (pending → active → retained), the bucket uploads' bookkeeping, commits, aborts,
 * erasures and their tombstones, retention — in its SQLite storage. Record bodies go to R2 (`PROFILES`); reads never
 * come here (they follow the KV pointer straight to R2).
 *
 * Why one object: an erasure must reach a generation that is being uploaded. Here a bucket upload (shared lock)
 * checks the tombstones before it writes, and an erasure (exclusive lock) writes its tombstone and rewrites every
 * stored bucket holding the profile, so each upload either ran before the erasure (and is rewritten by it) or
 * after (and leaves the profile out): erasure is total without a scan at commit. A plain class (no
 * `cloudflare:workers` import), spoken to by `fetch`, so the Worker's module still loads in Node for the bench.
 */
import { profileBucket } from '@auspex/core'
import type { Env } from '../env.ts'
import { EdgeError, errorBody } from '../errors.ts'
import { bucketIds, decodeBucket, encodeBucket } from './bucket-file.ts'
import {
  ACTIVE_PROFILES_KEY, MAX_PENDING, PENDING_MS, RETAIN_MS, TOMBSTONE_MS, bucketKey, generationPrefix, newGenerationId, type ActiveProfiles,
} from './layout.ts'
import { ReadWriteLock } from './rw-lock.ts'
import type { CleanupResult, CommitResult, GenerationInfo, GenerationSpec, GenerationState, PutBucketResult } from './store-protocol.ts'

interface GenerationRow extends Record<string, SqlStorageValue> {
  id: string
  state: GenerationState
  buckets: number
  goals: string
  scored_at: string
  declared: number
  created_at: number
  committed_at: number | null
  retain_until: number | null
  previous: string | null
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
const notFound = (generation: string) => new EdgeError(404, 'GENERATION_NOT_FOUND', `generation ${generation} does not exist (aborted, expired or deleted); see GET /v1/profiles/generations`)

export class ProfileStore {
  readonly #sql: SqlStorage
  readonly #storage: DurableObjectStorage
  readonly #env: Env
  readonly #lock = new ReadWriteLock()

  constructor(state: DurableObjectState, env: Env) {
    this.#sql = state.storage.sql
    this.#storage = state.storage
    this.#env = env
    this.#sql.exec(`CREATE TABLE IF NOT EXISTS generations (id TEXT PRIMARY KEY, state TEXT NOT NULL, buckets INTEGER NOT NULL,
      goals TEXT NOT NULL, scored_at TEXT NOT NULL, declared INTEGER NOT NULL, created_at INTEGER NOT NULL,
      committed_at INTEGER, retain_until INTEGER, previous TEXT)`)
    this.#sql.exec(`CREATE TABLE IF NOT EXISTS buckets (generation TEXT NOT NULL, bucket INTEGER NOT NULL, records INTEGER NOT NULL,
      bytes INTEGER NOT NULL, PRIMARY KEY (generation, bucket))`)
    this.#sql.exec('CREATE TABLE IF NOT EXISTS tombstones (profile_id TEXT PRIMARY KEY, at INTEGER NOT NULL)')
  }

  async fetch(request: Request): Promise<Response> {
    try {
      return await this.#route(request)
    } catch (error) {
      if (error instanceof EdgeError) return Response.json(errorBody(error.code, error.message, error.details), { status: error.status })
      console.error('auspex-edge: profile store failed', error)
      return Response.json(errorBody('INTERNAL', 'internal error in the profile store; the request was not applied, retry later'), { status: 500 })
    }
  }

  async #route(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const param = (name: string) => url.searchParams.get(name) ?? ''
    const now = Number(url.searchParams.get('now') ?? Date.now())
    const route = `${request.method} ${url.pathname}`
    switch (route) {
      case 'POST /generations':
        return Response.json(await this.#lock.exclusive(async () => this.create((await request.json()) as GenerationSpec, now)), { status: 201 })
      case 'GET /generations':
        return Response.json(this.list())
      case 'GET /generation':
        return Response.json(this.info(param('id')))
      case 'PUT /bucket': {
        const bytes = new Uint8Array(await request.arrayBuffer())
        return Response.json(await this.#lock.shared(() => this.putBucket(param('generation'), Number(param('bucket')), bytes, now)))
      }
      case 'POST /commit':
        return Response.json(await this.#lock.exclusive(() => this.commit(param('generation'), now)))
      case 'DELETE /generation':
        await this.#lock.exclusive(() => this.abort(param('id')))
        return new Response(null, { status: 204 })
      case 'DELETE /profile':
        await this.#lock.exclusive(() => this.erase(param('id'), now))
        return new Response(null, { status: 204 })
      case 'POST /cleanup':
        return Response.json(await this.#lock.exclusive(() => this.cleanup(now)))
      default:
        return Response.json(errorBody('NOT_FOUND', `profile store: no route ${route}`), { status: 404 })
    }
  }

  /** The alarm: deletes what has outlived its retention (set after every change, for the earliest expiry). */
  async alarm(): Promise<void> {
    await this.#lock.exclusive(() => this.cleanup(Date.now()))
  }

  #row(generation: string): GenerationRow | undefined {
    return this.#sql.exec<GenerationRow>('SELECT * FROM generations WHERE id = ?', generation).toArray()[0]
  }

  #info(row: GenerationRow): GenerationInfo {
    const stored = this.#sql.exec<{ k: number; p: number | null }>('SELECT COUNT(*) AS k, SUM(records) AS p FROM buckets WHERE generation = ?', row.id).one()
    return {
      generation: row.id, state: row.state, buckets: row.buckets, bucketsStored: stored.k, profiles: stored.p ?? 0, declaredProfiles: row.declared,
      goals: JSON.parse(row.goals) as Record<string, string>, scoredAt: row.scored_at, createdAt: iso(row.created_at)!,
      committedAt: iso(row.committed_at), expiresAt: row.state === 'pending' ? iso(row.created_at + PENDING_MS) : null, retainUntil: iso(row.retain_until),
    }
  }

  /** One generation. @throws {EdgeError} 404 `GENERATION_NOT_FOUND` */
  info(generation: string): GenerationInfo {
    const row = this.#row(generation)
    if (!row) throw notFound(generation)
    return this.#info(row)
  }

  /** Every generation, newest first. */
  list(): { active: string | null; generations: GenerationInfo[] } {
    const rows = this.#sql.exec<GenerationRow>('SELECT * FROM generations ORDER BY created_at DESC, id DESC').toArray()
    return { active: rows.find((r) => r.state === 'active')?.id ?? null, generations: rows.map((r) => this.#info(r)) }
  }

  /** Opens a pending generation. @throws {EdgeError} 409 `TOO_MANY_PENDING` */
  async create(spec: GenerationSpec, now: number): Promise<GenerationInfo> {
    await this.cleanup(now)
    const pending = this.#sql.exec<{ k: number }>("SELECT COUNT(*) AS k FROM generations WHERE state = 'pending'").one().k
    if (pending >= MAX_PENDING) {
      throw new EdgeError(409, 'TOO_MANY_PENDING', `${pending} generations are pending; commit or abort one (DELETE /v1/profiles/generations/:generation) first, or wait until they expire`)
    }
    const id = newGenerationId(now)
    this.#sql.exec('INSERT INTO generations (id, state, buckets, goals, scored_at, declared, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      id, 'pending', spec.buckets, JSON.stringify(spec.goals), spec.scoredAt, spec.profiles, now)
    await this.#schedule()
    return this.info(id)
  }

  #pendingRow(generation: string, now: number): GenerationRow {
    const row = this.#row(generation)
    if (!row) throw notFound(generation)
    if (row.state !== 'pending') throw new EdgeError(409, 'GENERATION_NOT_PENDING', `generation ${generation} is ${row.state}, no longer open for uploads; create a new generation`)
    if (row.created_at + PENDING_MS <= now) throw new EdgeError(409, 'GENERATION_EXPIRED', `generation ${generation} was not committed within ${PENDING_MS / 3600_000} h and has expired; create a new generation`)
    return row
  }

  #tombstoned(ids: readonly string[]): Set<string> {
    const erased = new Set<string>()
    if (ids.length === 0) return erased
    const all = this.#sql.exec<{ profile_id: string }>('SELECT profile_id FROM tombstones').toArray()
    if (all.length === 0) return erased
    const wanted = new Set(ids)
    for (const { profile_id } of all) if (wanted.has(profile_id)) erased.add(profile_id)
    return erased
  }

  /** Stores (or replaces) one bucket of a pending generation, leaving out erased profiles. */
  async putBucket(generation: string, bucket: number, bytes: Uint8Array, now: number): Promise<PutBucketResult> {
    const row = this.#pendingRow(generation, now)
    if (!Number.isInteger(bucket) || bucket < 0 || bucket >= row.buckets) throw new EdgeError(400, 'INVALID_REQUEST', `bucket: expected 0 … ${row.buckets - 1}`)
    const ids = bucketIds(bytes)
    const erased = this.#tombstoned(ids)
    let body = bytes
    if (erased.size > 0) body = encodeBucket(decodeBucket(bytes).filter((e) => !erased.has(e.id)))
    await this.#env.PROFILES.put(bucketKey(generation, bucket), body)
    const records = ids.length - erased.size
    this.#sql.exec('INSERT OR REPLACE INTO buckets (generation, bucket, records, bytes) VALUES (?, ?, ?, ?)', generation, bucket, records, body.byteLength)
    return { generation, bucket, records, erased: erased.size, bytes: body.byteLength }
  }

  /**
   * Makes a complete pending generation (or, for a rollback, a retained one) the active one: one KV write switches every
   * read; the previous active generation is retained for {@link RETAIN_MS}. A retried commit of the active generation
   * answers the same again. @throws {EdgeError} 409 `GENERATION_INCOMPLETE` naming the missing buckets
   */
  async commit(generation: string, now: number): Promise<CommitResult> {
    const row = this.#row(generation)
    if (!row) throw notFound(generation)
    if (row.state === 'active') return { generation, profiles: this.#info(row).profiles, previous: row.previous }
    if (row.state === 'pending') {
      this.#pendingRow(generation, now)
      const stored = new Set(this.#sql.exec<{ bucket: number }>('SELECT bucket FROM buckets WHERE generation = ?', generation).toArray().map((r) => r.bucket))
      if (stored.size < row.buckets) {
        const missing: number[] = []
        for (let b = 0; b < row.buckets && missing.length < 1000; b++) if (!stored.has(b)) missing.push(b)
        const shown = missing.slice(0, 20).join(', ') + (row.buckets - stored.size > 20 ? ', …' : '')
        throw new EdgeError(409, 'GENERATION_INCOMPLETE', `generation ${generation} has ${stored.size} of ${row.buckets} buckets; missing ${row.buckets - stored.size}: ${shown}; ` +
          'PUT them (an empty bucket is an empty body), then commit again', {}, { missing })
      }
    }
    const previous = this.#sql.exec<GenerationRow>("SELECT * FROM generations WHERE state = 'active'").toArray()[0] ?? null
    const pointer: ActiveProfiles = { generation, buckets: row.buckets, goals: JSON.parse(row.goals) as Record<string, string>, scoredAt: row.scored_at, committedAt: iso(now)! }
    await this.#env.REGISTRY.put(ACTIVE_PROFILES_KEY, JSON.stringify(pointer))
    if (previous) this.#sql.exec("UPDATE generations SET state = 'retained', retain_until = ? WHERE id = ?", now + RETAIN_MS, previous.id)
    this.#sql.exec("UPDATE generations SET state = 'active', committed_at = ?, retain_until = NULL, previous = ? WHERE id = ?", now, previous?.id ?? null, generation)
    await this.cleanup(now)
    return { generation, profiles: this.info(generation).profiles, previous: previous?.id ?? null }
  }

  /** Deletes a pending generation and everything uploaded for it. @throws {EdgeError} 409 for an active or retained one */
  async abort(generation: string): Promise<void> {
    const row = this.#row(generation)
    if (!row) throw notFound(generation)
    if (row.state !== 'pending') throw new EdgeError(409, 'GENERATION_NOT_PENDING', `generation ${generation} is ${row.state}; only a pending generation can be aborted`)
    await this.#deleteGeneration(generation)
    await this.#schedule()
  }

  /**
   * Erases one profile everywhere: a tombstone (so later uploads and a rollback leave it out), then every stored
   * bucket that holds it — active, retained and pending generations — is rewritten without it.
   */
  async erase(profileId: string, now: number): Promise<{ rewritten: number }> {
    this.#sql.exec('INSERT OR REPLACE INTO tombstones (profile_id, at) VALUES (?, ?)', profileId, now)
    let rewritten = 0
    for (const row of this.#sql.exec<GenerationRow>('SELECT * FROM generations').toArray()) {
      const bucket = profileBucket(profileId, row.buckets)
      const object = await this.#env.PROFILES.get(bucketKey(row.id, bucket))
      if (object === null) continue
      const entries = decodeBucket(new Uint8Array(await object.arrayBuffer()))
      const kept = entries.filter((e) => e.id !== profileId)
      if (kept.length === entries.length) continue
      const body = encodeBucket(kept)
      await this.#env.PROFILES.put(bucketKey(row.id, bucket), body)
      this.#sql.exec('UPDATE buckets SET records = ?, bytes = ? WHERE generation = ? AND bucket = ?', kept.length, body.byteLength, row.id, bucket)
      rewritten++
    }
    await this.#schedule()
    return { rewritten }
  }

  /** Deletes retained generations past their retention, expired pending ones and old tombstones; re-arms the alarm. */
  async cleanup(now: number): Promise<CleanupResult> {
    const expired = this.#sql.exec<{ id: string }>(
      "SELECT id FROM generations WHERE (state = 'retained' AND retain_until <= ?) OR (state = 'pending' AND created_at <= ?)", now, now - PENDING_MS,
    ).toArray()
    for (const { id } of expired) await this.#deleteGeneration(id)
    const tombstones = this.#sql.exec('DELETE FROM tombstones WHERE at <= ?', now - TOMBSTONE_MS).rowsWritten
    await this.#schedule()
    return { generations: expired.map((r) => r.id), tombstones }
  }

  async #deleteGeneration(generation: string): Promise<void> {
    const r2 = this.#env.PROFILES
    for (;;) {
      const page = await r2.list({ prefix: generationPrefix(generation), limit: 1000 })
      if (page.objects.length === 0) break
      await r2.delete(page.objects.map((o) => o.key))
      if (!page.truncated) break
    }
    this.#sql.exec('DELETE FROM buckets WHERE generation = ?', generation)
    this.#sql.exec('DELETE FROM generations WHERE id = ?', generation)
  }

  /** Sets the alarm for the earliest expiry (a retained or pending generation, a tombstone), or clears it. */
  async #schedule(): Promise<void> {
    const next = this.#sql.exec<{ t: number | null }>(`SELECT MIN(t) AS t FROM (
      SELECT retain_until AS t FROM generations WHERE state = 'retained'
      UNION ALL SELECT created_at + ${PENDING_MS} FROM generations WHERE state = 'pending'
      UNION ALL SELECT at + ${TOMBSTONE_MS} FROM tombstones)`).one().t
    if (next === null) await this.#storage.deleteAlarm()
    else await this.#storage.setAlarm(next)
  }
}
