/**
 * In-memory stand-ins for the R2 and KV methods the edge uses, so the Hono app can run in Node for a pure
 * CPU measurement (storage I/O is not CPU). Not used by any test of storage behaviour.
 */
interface StoredObject {
  text: string
  customMetadata: Record<string, string>
  uploaded: Date
}

/** The subset of R2Bucket the edge calls. */
export function memoryR2(): unknown {
  const objects = new Map<string, StoredObject>()
  const meta = (key: string, o: StoredObject) => ({ key, size: o.text.length, uploaded: o.uploaded, customMetadata: o.customMetadata })
  return {
    async put(key: string, text: string, options: { onlyIf?: { etagDoesNotMatch?: string }; customMetadata?: Record<string, string> } = {}) {
      if (options.onlyIf?.etagDoesNotMatch === '*' && objects.has(key)) return null
      const o = { text, customMetadata: options.customMetadata ?? {}, uploaded: new Date() }
      objects.set(key, o)
      return meta(key, o)
    },
    async get(key: string) {
      const o = objects.get(key)
      return o ? { ...meta(key, o), text: async () => o.text } : null
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
