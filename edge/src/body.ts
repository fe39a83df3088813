import { EdgeError } from './errors.ts'
import { MAX_JSON_DEPTH, jsonDepth, nonFinitePath } from './json-checks.ts'

/** Reads a request body as text, refusing more than `limit` bytes (checks Content-Length and counts while reading). */
export async function readText(request: Request, limit: number): Promise<string> {
  return new TextDecoder().decode(await readBytes(request, limit))
}

/** Reads a request body's bytes, refusing more than `limit` (checks Content-Length and counts while reading). */
export async function readBytes(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new EdgeError(413, 'PAYLOAD_TOO_LARGE', `the body exceeds the limit of ${limit} bytes`)
  const declared = request.headers.get('content-length')
  if (declared !== null && Number(declared) > limit) throw tooLarge()
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      reader.cancel().catch(() => {})
      throw tooLarge()
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/**
 * Parses JSON text nested at most {@link MAX_JSON_DEPTH} levels, whose numbers are all finite doubles. `hint` ends the
 * message of a body that is not such JSON. @throws {EdgeError} 400 `INVALID_JSON`.
 */
export function parseJson(text: string, hint = 'send a JSON document with Content-Type: application/json'): unknown {
  if (text.trim() === '') throw new EdgeError(400, 'INVALID_JSON', `the body is empty; ${hint}`)
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new EdgeError(400, 'INVALID_JSON', `the body nests deeper than ${MAX_JSON_DEPTH} levels; ${hint}`)
  let value: unknown
  try {
    value = JSON.parse(text) as unknown
  } catch (error) {
    throw new EdgeError(400, 'INVALID_JSON', `the body is not valid JSON (${(error as Error).message}); ${hint}`)
  }
  const huge = nonFinitePath(value)
  if (huge !== null) throw new EdgeError(400, 'INVALID_JSON', `${huge.slice(0, 200)}: a number beyond the range of a double (±1.8e308); ${hint}`)
  return value
}

/** Reads and parses a JSON body of at most `limit` bytes. @throws {EdgeError} 413 `PAYLOAD_TOO_LARGE`, 400 `INVALID_JSON`. */
export async function readJson(request: Request, limit: number): Promise<unknown> {
  return parseJson(await readText(request, limit))
}

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
