import type { Env } from '../env.ts'
import { deletePrefix, jobPrefix, shardPrefix } from './job-keys.ts'
import type { Claim, JobAnswers, JobOp, JobRefusal } from './job-protocol.ts'
import type { JobFaults, JobMeta, JobState, JobStatus, ShardState, ShardStatus, ShardTask } from './job-types.ts'

/** How long an expired job's tombstone (its status, without data) answers before the object deletes itself. */
export const TOMBSTONE_MS = 7 * 86_400_000

class Refusal extends Error {
  constructor(readonly status: 404 | 409 | 400, readonly code: string, message: string) {
    super(message)
  }
}

type JobRow = { id: string; kind: ShardTask['kind']; state: JobState; shards: number; faults: string | null; meta: string; error: string | null
  created_at: number; updated_at: number; expires_at: number; ttl_ms: number; keep_shards: number; shards_from: string | null }
type ShardRow = { shard: number; state: ShardState; attempts: number; bytes: number; profiles: number | null; ms: number | null
  result_key: string | null; error: string | null }

const ENDED: readonly JobState[] = ['done', 'failed', 'expired']

/** Columns of `job` added after its first version, with their types. */
const LATER_COLUMNS: ReadonlyArray<readonly [string, string]> = [['keep_shards', 'INTEGER NOT NULL DEFAULT 0'], ['shards_from', 'TEXT']]

/**
 * One job's record (one instance per job, `idFromName(jobId)`), in the object's SQLite storage: the job's state and,
 * per shard, its state, attempts, time and result key. Every state change happens here, one op at a time, which is
 * what makes the consumer idempotent: a shard is marked done once, whatever the number of deliveries. When the job
 * ends its shards (raw events) are deleted from R2 at once; an alarm deletes everything else `ttlMs` after the last
 * change unless the CLI deletes the job first.
 */
export class JobRecord {
  readonly #sql: SqlStorage
  readonly #storage: DurableObjectStorage
  readonly #env: Env

  constructor(state: DurableObjectState, env: Env) {
    this.#storage = state.storage
    this.#sql = state.storage.sql
    this.#env = env
    this.#init()
  }

  /** The tables (again after `deleteAll()`, which drops them). */
  #init(): void {
    this.#sql.exec(`CREATE TABLE IF NOT EXISTS job (id TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL, shards INTEGER NOT NULL,
      faults TEXT, meta TEXT NOT NULL, error TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL, ttl_ms INTEGER NOT NULL, keep_shards INTEGER NOT NULL DEFAULT 0, shards_from TEXT)`)
    // a job created before these columns existed (its object outlives a deploy): add the ones its table lacks
    const have = new Set(this.#sql.exec<{ name: string }>(`SELECT name FROM pragma_table_info('job')`).toArray().map((r) => r.name))
    for (const [name, type] of LATER_COLUMNS) if (!have.has(name)) this.#sql.exec(`ALTER TABLE job ADD COLUMN ${name} ${type}`)
    this.#sql.exec(`CREATE TABLE IF NOT EXISTS shards (shard INTEGER PRIMARY KEY, state TEXT NOT NULL, attempts INTEGER NOT NULL,
      bytes INTEGER NOT NULL, profiles INTEGER, ms INTEGER, result_key TEXT, error TEXT)`)
  }

  async fetch(request: Request): Promise<Response> {
    try {
      return Response.json(await this.#run((await request.json()) as JobOp))
    } catch (error) {
      if (!(error instanceof Refusal)) throw error
      const body: JobRefusal = { error: { status: error.status, code: error.code, message: error.message } }
      return Response.json(body, { status: error.status })
    }
  }

  async #run(op: JobOp): Promise<JobAnswers[JobOp['op']]> {
    switch (op.op) {
      case 'create': return this.#create(op)
      case 'lend': return this.#lend(op.shards)
      case 'uploaded': return this.#uploaded(op.shard, op.bytes)
      case 'start': return this.#start()
      case 'claim': return this.#claim(op.shard)
      case 'attemptFailed': return this.#attemptFailed(op.shard, op.error)
      case 'done': return this.#done(op)
      case 'failed': return this.#failed(op.shard, op.error)
      case 'status': return this.#status()
      case 'delete': return this.#delete()
    }
  }

  #job(): JobRow {
    const row = this.#sql.exec<JobRow>('SELECT * FROM job').toArray()[0]
    if (!row) throw new Refusal(404, 'JOB_NOT_FOUND', 'no such job (deleted, or never created); create one with POST /v1/jobs')
    return row
  }

  #shard(job: JobRow, shard: number): ShardRow | undefined {
    if (!Number.isInteger(shard) || shard < 0 || shard >= job.shards) {
      throw new Refusal(400, 'INVALID_REQUEST', `shard: ${shard} is not a shard of this job; shards are 0 … ${job.shards - 1}`)
    }
    return this.#sql.exec<ShardRow>('SELECT * FROM shards WHERE shard = ?', shard).toArray()[0]
  }

  /** Records a change: the job's `updated_at`, and the expiry alarm `ttl_ms` later. */
  async #touch(job: JobRow, state: JobState = job.state, error: string | null = job.error): Promise<void> {
    const now = Date.now()
    const expires = state === 'expired' ? now + TOMBSTONE_MS : now + job.ttl_ms
    this.#sql.exec('UPDATE job SET state = ?, error = ?, updated_at = ?, expires_at = ?', state, error, now, expires)
    await this.#storage.setAlarm(expires)
  }

  async #create(op: Extract<JobOp, { op: 'create' }>): Promise<JobStatus> {
    if (this.#sql.exec('SELECT 1 FROM job').toArray().length > 0) throw new Refusal(409, 'JOB_STATE', 'this job exists already')
    const now = Date.now()
    this.#sql.exec(`INSERT INTO job (id, kind, state, shards, faults, meta, error, created_at, updated_at, expires_at, ttl_ms, keep_shards, shards_from)
      VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)`, op.id, op.kind, 'created', op.shards,
      op.faults ? JSON.stringify(op.faults) : null, JSON.stringify(op.meta), now, now, now + op.ttlMs, op.ttlMs, op.keepShards ? 1 : 0, op.shardsFrom?.id ?? null)
    // on another job's shards: every shard is there already
    op.shardsFrom?.bytes.forEach((bytes, shard) => this.#sql.exec("INSERT INTO shards VALUES (?, 'uploaded', 0, ?, NULL, NULL, NULL, NULL)", shard, bytes))
    await this.#storage.setAlarm(now + op.ttlMs)
    return this.#status()
  }

  /**
   * Another job asks to run on this job's shards: they must be kept (`keepShards`), all uploaded and not deleted, and as
   * many as it declares. Lending counts as a change, so the shards live another TTL from now.
   */
  async #lend(shards: number): Promise<JobAnswers['lend']> {
    const job = this.#job()
    const refuse = (why: string) => new Refusal(409, 'JOB_STATE', `shardsFrom ${job.id}: ${why}`)
    if (job.state === 'failed' || job.state === 'expired') throw refuse(`it ${job.state === 'failed' ? 'failed' : 'expired'} and its shards are deleted; upload the shards`)
    if (job.keep_shards !== 1) throw refuse('that job was not created with keepShards: true, so its shards are deleted when it ends; upload the shards')
    if (job.shards_from !== null) throw refuse(`that job runs on the shards of ${job.shards_from}; name that one`)
    if (job.state === 'created') throw refuse('its shards are still being uploaded; start it first')
    if (job.shards !== shards) throw refuse(`it has ${job.shards} shards, not ${shards}`)
    await this.#touch(job)
    const rows = this.#sql.exec<{ bytes: number }>('SELECT bytes FROM shards ORDER BY shard').toArray()
    return { bytes: rows.map((r) => r.bytes) }
  }

  async #uploaded(shard: number, bytes: number): Promise<JobStatus> {
    const job = this.#job()
    this.#shard(job, shard)
    if (job.state !== 'created') throw new Refusal(409, 'JOB_STATE', `the job is ${job.state}; shards can only be uploaded before it starts`)
    if (job.shards_from !== null) throw new Refusal(409, 'JOB_STATE', `the job runs on the shards of job ${job.shards_from}; it takes no uploads`)
    this.#sql.exec(`INSERT INTO shards VALUES (?, 'uploaded', 0, ?, NULL, NULL, NULL, NULL)
      ON CONFLICT (shard) DO UPDATE SET bytes = excluded.bytes`, shard, bytes)
    await this.#touch(job)
    return this.#status()
  }

  async #start(): Promise<JobAnswers['start']> {
    const job = this.#job()
    if (job.state === 'running') {
      // a repeated start (the CLI retrying after a lost answer) re-sends what is not done yet; duplicates are harmless
      const pending = this.#sql.exec<{ shard: number }>("SELECT shard FROM shards WHERE state IN ('queued', 'running') ORDER BY shard").toArray()
      return { status: this.#status(), enqueue: pending.map((r) => r.shard) }
    }
    if (job.state !== 'created') throw new Refusal(409, 'JOB_STATE', `the job is ${job.state}; only a created job can start`)
    const uploaded = this.#sql.exec<{ k: number }>('SELECT COUNT(*) AS k FROM shards').one().k
    if (uploaded !== job.shards) {
      throw new Refusal(409, 'JOB_STATE', `${uploaded} of ${job.shards} shards are uploaded; upload every shard (PUT /v1/jobs/:id/shards/:n) before starting`)
    }
    this.#sql.exec("UPDATE shards SET state = 'queued'")
    await this.#touch(job, 'running')
    return { status: this.#status(), enqueue: Array.from({ length: job.shards }, (_, i) => i) }
  }

  async #claim(shard: number): Promise<Claim> {
    let job: JobRow
    try { job = this.#job() } catch { return { run: false, reason: 'the job is gone' } }
    const row = this.#shard(job, shard)
    if (job.state !== 'running') return { run: false, reason: `the job is ${job.state}` }
    if (!row || row.state === 'done' || row.state === 'failed') return { run: false, reason: `shard ${shard} is ${row?.state ?? 'unknown'}` }
    this.#sql.exec("UPDATE shards SET state = 'running', attempts = attempts + 1 WHERE shard = ?", shard)
    await this.#touch(job)
    return { run: true, attempt: row.attempts + 1, faults: job.faults ? (JSON.parse(job.faults) as JobFaults) : null, shardsOf: job.shards_from ?? job.id }
  }

  async #attemptFailed(shard: number, error: string): Promise<{ ok: true }> {
    const job = this.#job()
    this.#sql.exec("UPDATE shards SET state = 'queued', error = ? WHERE shard = ? AND state = 'running'", error.slice(0, 1000), shard)
    await this.#touch(job)
    return { ok: true }
  }

  async #done(op: Extract<JobOp, { op: 'done' }>): Promise<JobAnswers['done']> {
    const job = this.#job()
    const row = this.#shard(job, op.shard)
    if (job.state !== 'running' || !row || row.state === 'done' || row.state === 'failed') return { first: false, status: this.#status() }
    this.#sql.exec("UPDATE shards SET state = 'done', profiles = ?, ms = ?, result_key = ?, error = NULL WHERE shard = ?",
      op.profiles, Math.round(op.ms), op.resultKey, op.shard)
    const left = this.#sql.exec<{ k: number }>("SELECT COUNT(*) AS k FROM shards WHERE state != 'done'").one().k
    if (left === 0) {
      await this.#touch(job, 'done')
      // raw events do not outlive the job, unless kept for later jobs: then they go when it is deleted or expires
      if (job.keep_shards !== 1) await deletePrefix(this.#env.JOBS, shardPrefix(job.id))
    } else {
      await this.#touch(job)
    }
    return { first: true, status: this.#status() }
  }

  async #failed(shard: number, error: string): Promise<JobAnswers['failed']> {
    const job = this.#job()
    const row = this.#shard(job, shard)
    if (!row || row.state === 'done' || row.state === 'failed' || ENDED.includes(job.state)) return { first: false, status: this.#status() }
    const reason = row.error ?? error
    this.#sql.exec("UPDATE shards SET state = 'failed', error = ? WHERE shard = ?", reason.slice(0, 1000), shard)
    const message = `shard ${shard} failed after ${row.attempts} attempt${row.attempts === 1 ? '' : 's'}: ${reason}`.slice(0, 1200)
    await this.#touch(job, 'failed', message)
    await deletePrefix(this.#env.JOBS, shardPrefix(job.id))
    this.#sql.exec('UPDATE job SET keep_shards = 0') // nothing to lend any more
    return { first: true, status: this.#status() }
  }

  #status(): JobStatus {
    const job = this.#job()
    const rows = this.#sql.exec<ShardRow>('SELECT * FROM shards ORDER BY shard').toArray()
    const counts: Record<ShardState, number> = { uploaded: 0, queued: 0, running: 0, done: 0, failed: 0 }
    const shards: ShardStatus[] = rows.map((r) => {
      counts[r.state]++
      return { shard: r.shard, state: r.state, attempts: r.attempts, bytes: r.bytes, profiles: r.profiles, ms: r.ms, resultKey: r.result_key, error: r.error }
    })
    const iso = (t: number) => new Date(t).toISOString()
    return { id: job.id, kind: job.kind, state: job.state, createdAt: iso(job.created_at), updatedAt: iso(job.updated_at),
      expiresAt: iso(job.expires_at), error: job.error, meta: JSON.parse(job.meta) as JobMeta, keepShards: job.keep_shards === 1,
      shardsFrom: job.shards_from, counts, shards }
  }

  async #delete(): Promise<{ deleted: number }> {
    const job = this.#job()
    const deleted = await deletePrefix(this.#env.JOBS, jobPrefix(job.id))
    await this.#storage.deleteAlarm()
    await this.#storage.deleteAll()
    this.#init()
    return { deleted }
  }

  /** The TTL ran out: delete the job's data and keep a tombstone (state `expired`) for {@link TOMBSTONE_MS}, then nothing. */
  async alarm(): Promise<void> {
    const job = this.#sql.exec<JobRow>('SELECT * FROM job').toArray()[0]
    if (!job) return
    if (job.state === 'expired') {
      await this.#storage.deleteAll()
      this.#init()
      return
    }
    await deletePrefix(this.#env.JOBS, jobPrefix(job.id))
    this.#sql.exec('DELETE FROM shards')
    const why = `the job expired ${Math.round(job.ttl_ms / 60_000)} min after its last change; its shards and results are deleted`
    await this.#touch(job, 'expired', job.error ?? why)
  }
}
