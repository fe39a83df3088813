import fc from 'fast-check'
import { expect, it } from 'vitest'
import { lineChunks } from './line-chunks.ts'

it('lineChunks: fresh buffers that join to the stream, each but the last ending at a line feed', async () => {
  const unit = fc.constantFrom('a', 'é', '\n', '\r', '\r\n', ',', '"')
  await fc.assert(fc.asyncProperty(fc.array(unit, { maxLength: 80 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 9 }), async (units, size, piece) => {
    const text = Buffer.from(units.join(''))
    const pieces = Array.from({ length: Math.ceil(text.length / piece) }, (_, k) => text.subarray(k * piece, (k + 1) * piece))
    const chunks: Uint8Array[] = []
    for await (const chunk of lineChunks(pieces, size)) chunks.push(chunk)
    expect(Buffer.concat(chunks).equals(text)).toBe(true)
    for (const [k, chunk] of chunks.entries()) {
      expect(chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength).toBe(true) // its own buffer: transferable
      if (k < chunks.length - 1) expect(chunk.at(-1)).toBe(10)
    }
  }), { numRuns: 400 })
})
