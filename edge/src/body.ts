import { EdgeError } from './errors.ts'

/** Reads a request body as text, refusing more than `limit` bytes (checks Content-Length and counts while reading). */
export async function readText(request: Request, limit: number): Promise<string> {
  const tooLarge = () => new EdgeError(413, 'PAYLOAD_TOO_LARGE', `the body exceeds the limit of ${limit} bytes`)
  const declared = request.headers.get('content-length')
  if (declared !== null && Number(declared) > limit) throw tooLarge()
  if (!request.body) return ''
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
  return new TextDecoder().decode(bytes)
}

/** Reads and parses a JSON body of at most `limit` bytes. @throws {EdgeError} 413 `PAYLOAD_TOO_LARGE`, 400 `INVALID_JSON`. */
export async function readJson(request: Request, limit: number): Promise<unknown> {
  const text = await readText(request, limit)
  if (text.trim() === '') throw new EdgeError(400, 'INVALID_JSON', 'the body is empty; send a JSON document with Content-Type: application/json')
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new EdgeError(400, 'INVALID_JSON', `the body is not valid JSON (${(error as Error).message})`)
  }
}

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
