import { createInterface } from 'node:readline'
import { Readable } from 'node:stream'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { forEachLine } from './lines.ts'

async function split(chunks: Buffer[]): Promise<string[]> {
  const lines: string[] = []
  await forEachLine(chunks, (bytes, start, end) => lines.push(bytes.toString('utf8', start, end)))
  return lines
}

async function viaReadline(chunks: Buffer[]): Promise<string[]> {
  const lines: string[] = []
  for await (const line of createInterface({ input: Readable.from(chunks), crlfDelay: Infinity })) lines.push(line)
  return lines
}

/** `text` as UTF-8, cut into chunks at the given byte offsets (possibly inside a character or a CRLF). */
function chunked(text: string, cuts: number[]): Buffer[] {
  const bytes = Buffer.from(text, 'utf8')
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  const out: Buffer[] = []
  let prev = 0
  for (const c of [...at, bytes.length]) {
    if (c > prev) out.push(bytes.subarray(prev, c))
    prev = c
  }
  return out
}

describe('forEachLine', () => {
  it('splits like readline: LF, CRLF (also across chunks), a lone CR, blank lines, no final newline', async () => {
    const text = '{"a":1}\r\n{"b":"é😀"}\n\n{"c":3}\rlast'
    for (let cut = 0; cut <= Buffer.byteLength(text); cut++) {
      const chunks = chunked(text, [cut])
      expect(await split(chunks), `cut at byte ${cut}`).toEqual(['{"a":1}', '{"b":"é😀"}', '', '{"c":3}', 'last'])
    }
  })

  it('gives the lines readline gives for any text and any chunking', async () => {
    const unit = fc.constantFrom('a', 'é', '😀', '\n', '\r', '\r\n', ' ', '{', '"')
    await fc.assert(fc.asyncProperty(fc.array(unit, { maxLength: 40 }), fc.array(fc.nat(200), { maxLength: 6 }), async (units, cuts) => {
      const chunks = chunked(units.join(''), cuts)
      expect(await split(chunks)).toEqual(await viaReadline(chunks))
    }), { numRuns: 300 })
  })
})
