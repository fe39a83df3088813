/**
 * From the measured cost of one shard of 100 k events to 100 M and 1 B events on Cloudflare (README "Which engine").
 * Prices are list prices as the project knew them, NOT looked up on 2026-12-05 (no network here): check
 * https://developers.cloudflare.com/workers/platform/pricing/, …/queues/platform/pricing/, …/r2/pricing/ and
 * …/durable-objects/platform/pricing/ before relying on them.
 */

/** Assumed prices (USD), beyond the Workers Paid plan's $5/month and its included usage. */
export const PRICES = {
  workerRequestPerM: 0.3,
  workerCpuMsPerM: 0.02,
  queueOpPerM: 0.4, // a message costs 3 operations: write, read, delete (each per 64 KB)
  r2ClassAPerM: 4.5, // PUT, LIST
  r2ClassBPerM: 0.36, // GET
  durableObjectRequestPerM: 0.15,
} as const

/** Other assumptions of the projection. */
export const ASSUMPTIONS = {
  /** concurrent consumer invocations of one queue (Queues' documented maximum as the project knew it) */
  concurrency: 250,
  /** the CLI's upload bandwidth to R2 through the edge, bytes/s (1 Gbit/s) */
  uploadBytesPerSecond: 125e6,
  /** the shard size the CLI cuts (trainer/src/shards/shard-count.ts TARGET_SHARD_EVENTS); costs scale from 100 k */
  eventsPerShard: 250_000,
  /** per shard, once per command (training's later phases run on the first job's kept shards: `shardsFrom`) */
  upload: { workerRequests: 1, r2ClassA: 1, durableObjectRequests: 2 }, // PUT shard; R2 put; status + uploaded
  /** per shard and phase */
  run: {
    workerRequests: 2, // one consumer invocation, GET result
    queueOps: 3,
    r2ClassA: 1, // result
    r2ClassB: 3, // shard, task (at most once per isolate), result
    durableObjectRequests: 3, // claim, done, status before the result
  },
} as const

/** What the bench measured, per 100 k events (one measured shard). */
export interface PerShard {
  /** workerd CPU of the score task, net of the route/queue overhead */
  scoreCpuMs: number
  /** workerd CPU of training's three phases (survey, collect, describe) together */
  trainCpuMs: number
  /** gzip'd shard */
  bytes: number
  /** wall time of the slowest consumer (read shard → result written), ms */
  wallMs: number
}

export interface Projected {
  events: number
  task: 'score' | 'train (3 phases)'
  shards: number
  concurrency: number
  wallSeconds: number
  cpuMs: number
  dollars: number
}

function project(events: number, task: Projected['task'], m: PerShard): Projected {
  const a = ASSUMPTIONS
  const shards = Math.ceil(events / a.eventsPerShard)
  const passes = task === 'score' ? 1 : 3 // training runs the shards once per phase, on one upload
  const scale = a.eventsPerShard / 100_000
  const cpuMs = shards * scale * (task === 'score' ? m.scoreCpuMs : m.trainCpuMs)
  const requests = shards * (a.upload.workerRequests + passes * a.run.workerRequests)
  const queueOps = shards * passes * a.run.queueOps
  const classA = shards * (a.upload.r2ClassA + passes * a.run.r2ClassA)
  const classB = shards * passes * a.run.r2ClassB
  const objects = shards * (a.upload.durableObjectRequests + passes * a.run.durableObjectRequests)
  const dollars = (requests * PRICES.workerRequestPerM + cpuMs * PRICES.workerCpuMsPerM + queueOps * PRICES.queueOpPerM +
    classA * PRICES.r2ClassAPerM + classB * PRICES.r2ClassBPerM + objects * PRICES.durableObjectRequestPerM) / 1e6
  const upload = (shards * scale * m.bytes) / a.uploadBytesPerSecond
  const waves = Math.ceil(shards / a.concurrency)
  const wallSeconds = upload + (waves * m.wallMs * scale * passes) / 1000
  return { events, task, shards, concurrency: a.concurrency, wallSeconds, cpuMs, dollars }
}

/** The projection for 100 M and 1 B events, scoring and training. */
export function projection(m: PerShard): Projected[] {
  return [1e8, 1e9].flatMap((events) => [project(events, 'score', m), project(events, 'train (3 phases)', m)])
}
