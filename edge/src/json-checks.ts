/** How deeply a request body's JSON may nest. Artifacts nest 6 levels, score and segment bodies fewer. */
export const MAX_JSON_DEPTH = 64

/**
 * The deepest nesting of arrays and objects in JSON text (brackets inside strings do not count), found in one pass
 * before parsing: core's canonical JSON and validators recurse, so a body nested 100 000 levels deep must be refused
 * as unreadable rather than overflow the stack.
 */
export function jsonDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++ // backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) {
      inString = true
    } else if (c === 91 || c === 123) {
      if (++depth > deepest) deepest = depth
    } else if (c === 93 || c === 125) {
      depth--
    }
  }
  return deepest
}

/**
 * The JSON path of the first number that is not finite, or null. `JSON.parse` reads a literal beyond the range of a
 * double (`1e400`) as `Infinity`, which no JSON can carry on and core's content hash refuses with a TypeError; the
 * edge refuses it first, naming where it is. Recursion is bounded by {@link MAX_JSON_DEPTH}.
 */
export function nonFinitePath(value: unknown, path = ''): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path || '$'
  if (typeof value !== 'object' || value === null) return null
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nonFinitePath(value[i], `${path}[${i}]`)
      if (found !== null) return found
    }
    return null
  }
  for (const [key, v] of Object.entries(value)) {
    const found = nonFinitePath(v, path === '' ? key : `${path}.${key}`)
    if (found !== null) return found
  }
  return null
}
