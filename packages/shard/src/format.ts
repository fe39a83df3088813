/**
 * The shard format (docs/shard-format.md): whole profiles, each profile's events in time order, as columns close
 * to the trainer's event table. Uncompressed layout (little-endian), gzip'd as one stream on disk:
 *
 *   0   "AUSPXSHD"          magic, 8 bytes
 *   8   u32 version         {@link SHARD_FORMAT_VERSION}
 *   12  u32 H               bytes of the header
 *   16  header              UTF-8 JSON {@link ShardHeader}: counts and the string tables, then zero padding to 8 bytes
 *   …   f64 time[n]         epoch ms
 *       f64 value[n]        NaN = no value
 *       i32 start[P + 1]    profile p's events are start[p] … start[p + 1] − 1
 *       i32 type[n]         index into header.types
 *       i32 item[n]         index into header.items, −1 = none
 *       i32 attr[n]         index into header.attributes (JSON text of a flat object), −1 = none
 */
import { RESHARD, ShardError } from './errors.ts'
import { web } from './web.ts'

export const SHARD_FORMAT_VERSION = 1
const MAGIC = 'AUSPXSHD'

/**
 * Events a shard may hold at most. Decoded, a shard costs ~28 bytes an event plus its strings (~60 MB at the cap,
 * measured in packages/shard/bench): a Worker (128 MB) decodes it with room for the task's own state. A single
 * profile longer than the cap is the one exception: it gets a shard of its own.
 */
export const MAX_SHARD_EVENTS = 2_000_000

/** A decoded shard: profiles sorted by id (UTF-16 code unit order), each one's events by time. */
export interface ShardTable {
  profiles: string[]
  start: Int32Array
  time: Float64Array
  value: Float64Array
  type: Int32Array
  item: Int32Array
  attr: Int32Array
  types: string[]
  items: string[]
  attributes: string[]
}

export interface ShardHeader {
  profiles: number
  events: number
  strings: { profiles: string[]; types: string[]; items: string[]; attributes: string[] }
}

const align8 = (n: number) => (n + 7) & ~7

/** The uncompressed bytes of a shard (gzip them for storage: {@link gzip}). */
export function encodeShard(table: ShardTable): Uint8Array {
  const n = table.time.length
  const P = table.profiles.length
  const header: ShardHeader = {
    profiles: P, events: n,
    strings: { profiles: table.profiles, types: table.types, items: table.items, attributes: table.attributes },
  }
  const json = new web.TextEncoder().encode(JSON.stringify(header))
  const body = align8(16 + json.length)
  const size = body + 16 * n + 4 * (P + 1) + 12 * n
  const bytes = new Uint8Array(size)
  bytes.set(new web.TextEncoder().encode(MAGIC), 0)
  const view = new DataView(bytes.buffer)
  view.setUint32(8, SHARD_FORMAT_VERSION, true)
  view.setUint32(12, json.length, true)
  bytes.set(json, 16)
  let at = body
  const put = (a: Float64Array | Int32Array) => {
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at)
    at += a.byteLength
  }
  put(table.time); put(table.value); put(table.start); put(table.type); put(table.item); put(table.attr)
  return bytes
}

/**
 * Decodes the uncompressed bytes of a shard; `name` (its file) goes in every error.
 * @throws ShardError `SHARD_CORRUPT` when the bytes are not a whole, consistent shard;
 *   `UNSUPPORTED_FORMAT_VERSION` for a shard of another format version
 */
export function decodeShard(bytes: Uint8Array, name: string): ShardTable {
  const corrupt = (why: string) => new ShardError('SHARD_CORRUPT', `shard ${name}: ${why}; ${RESHARD}`)
  if (bytes.length < 16 || new web.TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw corrupt('not an Auspex shard (bad magic bytes)')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getUint32(8, true)
  if (version !== SHARD_FORMAT_VERSION) {
    throw new ShardError('UNSUPPORTED_FORMAT_VERSION', `shard ${name}: format version ${version}, this version of Auspex reads ${SHARD_FORMAT_VERSION}; ${RESHARD}`)
  }
  const h = view.getUint32(12, true)
  if (16 + h > bytes.length) throw corrupt(`truncated (a ${h}-byte header in ${bytes.length} bytes)`)
  let header: ShardHeader
  try {
    header = JSON.parse(new web.TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(16, 16 + h))) as ShardHeader
  } catch (cause) {
    throw new ShardError('SHARD_CORRUPT', `shard ${name}: unreadable header (${(cause as Error).message}); ${RESHARD}`, { cause })
  }
  const { events: n, profiles: P, strings } = header
  if (!Number.isInteger(n) || !Number.isInteger(P) || n < 0 || P < 0 || strings?.profiles?.length !== P) throw corrupt('inconsistent header counts')
  const body = align8(16 + h)
  if (bytes.length !== body + 16 * n + 4 * (P + 1) + 12 * n) {
    throw corrupt(`truncated or padded: ${bytes.length} bytes where ${n} events and ${P} profiles take ${body + 28 * n + 4 * (P + 1)}`)
  }
  // one aligned copy: the typed views need 8-byte alignment, which a gunzip result does not promise
  const buf = bytes.byteOffset % 8 === 0 ? bytes.buffer : bytes.slice().buffer
  let at = bytes.byteOffset % 8 === 0 ? bytes.byteOffset + body : body
  const f64 = (len: number) => { const a = new Float64Array(buf, at, len); at += 8 * len; return a }
  const i32 = (len: number) => { const a = new Int32Array(buf, at, len); at += 4 * len; return a }
  const table: ShardTable = {
    time: f64(n), value: f64(n), start: i32(P + 1), type: i32(n), item: i32(n), attr: i32(n),
    profiles: strings.profiles, types: strings.types, items: strings.items, attributes: strings.attributes,
  }
  checkTable(table, corrupt)
  return table
}

/** Cheap structural checks, so that a damaged shard fails here and not as a wrong score. */
function checkTable(t: ShardTable, corrupt: (why: string) => ShardError): void {
  const n = t.time.length
  if (t.start[0] !== 0 || t.start[t.profiles.length] !== n) throw corrupt('profile offsets do not cover the events')
  for (let p = 0; p < t.profiles.length; p++) {
    if (t.start[p + 1]! < t.start[p]!) throw corrupt(`profile offsets go backwards at profile ${p}`)
    if (p > 0 && !(t.profiles[p - 1]! < t.profiles[p]!)) throw corrupt(`profiles are not sorted by id at ${JSON.stringify(t.profiles[p])}`)
  }
  const T = t.types.length
  const I = t.items.length
  const A = t.attributes.length
  for (let r = 0; r < n; r++) {
    const ty = t.type[r]!
    const it = t.item[r]!
    const at = t.attr[r]!
    if (ty < 0 || ty >= T || it < -1 || it >= I || at < -1 || at >= A) throw corrupt(`event ${r} has a string index out of range`)
  }
}
