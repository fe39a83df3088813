import { EVENT_LIMITS, normalizeEvent } from '@auspex/core'
import { SpanIndex } from './span-index.ts'

/** Distinct raw `attributes` objects remembered; past this, each further one is parsed every time it appears. */
const MAX_CACHED = 1 << 16

/**
 * The attribute document of a flat line's `attributes` object (a span of its bytes), as the general path makes
 * it: `JSON.stringify` of what core's `normalizeEvent` keeps of `JSON.parse(text)`. Attribute objects repeat
 * (a plan, a channel, a page type), so each distinct text is parsed and checked once and remembered.
 */
export class AttributeSpans {
  private readonly texts: string[] = []
  /** per remembered text: its document, '' for none (`{}`), or null when normalizeEvent refuses it */
  private readonly docs: Array<string | null> = []
  private readonly index = new SpanIndex(this.texts)

  /** The document of the ASCII object `line[start, end)` whose `spanHash` is `hash`: '' for none, null when invalid. */
  document(line: Buffer, start: number, end: number, hash: number): string | null {
    const k = this.index.get(line, start, end, hash)
    if (k >= 0) return this.docs[k]!
    const text = line.toString('latin1', start, end)
    // The other fields are valid stand-ins: only the attributes can make normalizeEvent refuse this
    const r = normalizeEvent({ profileId: 'p', timestamp: EVENT_LIMITS.minTimestamp, type: 't', attributes: JSON.parse(text) as unknown })
    const doc = !r.ok ? null : r.event.attributes === undefined ? '' : JSON.stringify(r.event.attributes)
    if (this.texts.length < MAX_CACHED) {
      this.index.add(hash, this.texts.length)
      this.texts.push(text)
      this.docs.push(doc)
    }
    return doc
  }
}
