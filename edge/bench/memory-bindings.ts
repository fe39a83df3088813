/**
 * In-memory stand-ins for the R2 and KV methods the edge uses, so the Hono app can run in Node for a pure
 * CPU measurement (storage I/O is not CPU). Not used by any test of storage behaviour.
 */
interface StoredObject {
  bytes: Uint8Array
  etag: string
  customMetadata: Record<string, string>
  uploaded: Date
}

interface GetOptions {
  range?: { offset: number; length: number } | Headers
  onlyIf?: { etagMatches?: string }
}

/** A range option as offset and length: R2's object form, or an HTTP `Range: bytes=a-b` header (end clamped). */
function byteRange(range: GetOptions['range'], size: number): { offset: number; length: number } {
  if (range === undefined) return { offset: 0, length: size }
  if (!(range instanceof Headers)) return range
  const match = /^bytes=(\d+)-(\d+)$/.exec(range.get('range') ?? '')
  if (!match) return { offset: 0, length: size }
  return { offset: Number(match[1]), length: Number(match[2]) - Number(match[1]) + 1 }
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** The subset of R2Bucket the edge calls (puts of text or bytes; gets with a byte range and `etagMatches`). */
export function memoryR2(): unknown {
  const objects = new Map<string, StoredObject>()
  let etags = 0
  const meta = (key: string, o: StoredObject) => ({ key, size: o.bytes.byteLength, etag: o.etag, uploaded: o.uploaded, customMetadata: o.customMetadata })
  return {
    async put(key: string, value: string | Uint8Array, options: { onlyIf?: { etagDoesNotMatch?: string }; customMetadata?: Record<string, string> } = {}) {
      if (options.onlyIf?.etagDoesNotMatch === '*' && objects.has(key)) return null
      const bytes = typeof value === 'string' ? encoder.encode(value) : value
      const o = { bytes, etag: `e${++etags}`, customMetadata: options.customMetadata ?? {}, uploaded: new Date() }
      objects.set(key, o)
      return meta(key, o)
    },
    async get(key: string, options: GetOptions = {}) {
      const o = objects.get(key)
      if (!o) return null
      if (options.onlyIf?.etagMatches !== undefined && options.onlyIf.etagMatches !== o.etag) return meta(key, o)
      const { offset, length } = byteRange(options.range, o.bytes.byteLength)
      const part = o.bytes.subarray(offset, Math.min(o.bytes.byteLength, offset + length))
      return { ...meta(key, o), body: true, text: async () => decoder.decode(part), arrayBuffer: async () => part.slice().buffer }
    },
    async head(key: string) {
      const o = objects.get(key)
      return o ? meta(key, o) : null
    },
    async list(options: { prefix?: string } = {}) {
      const list = [...objects].filter(([k]) => k.startsWith(options.prefix ?? '')).map(([k, o]) => meta(k, o))
      return { objects: list, truncated: false }
    },
  }
}

/** The subset of KVNamespace the edge calls. */
export function memoryKv(): unknown {
  const values = new Map<string, string>()
  return {
    async get(key: string, type?: 'json' | 'text') {
      const v = values.get(key)
      return v === undefined ? null : type === 'json' ? JSON.parse(v) : v
    },
    async put(key: string, value: string) {
      values.set(key, value)
    },
  }
}
