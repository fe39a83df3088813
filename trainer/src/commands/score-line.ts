import type { Prediction } from '@auspex/core'
import type { ScoreColumn, ScoreExtras } from './score-writer.ts'

/** Quotes one CSV field when needed (comma, quote, CR or LF), doubling inner quotes (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A number as JSON writes it (`null` when not finite). */
function num(v: number): string {
  return Number.isFinite(v) ? String(v) : 'null'
}

/** Printable ASCII without `"` and `\`: JSON writes it as it is. */
const PLAIN = /^[ !#-[\]-~]*$/

/** `JSON.stringify(text)` with every `"` doubled: a piece of a quoted CSV field. */
function quoted(text: string): string {
  return PLAIN.test(text) ? `""${text}""` : JSON.stringify(text).replaceAll('"', '""')
}

/**
 * `f(key)` remembered for keys seen before: a factor's code and importance come from a short list, its contribution
 * from a feature's few bins, while `String` of a double and the quoting cost ~0.2 µs each, five factors a row.
 * At `max` keys the memory starts again (keys that do not repeat cost a lookup more).
 */
function remembered<K, V>(f: (key: K) => V, max = 4096): (key: K) => V {
  const memory = new Map<K, V>()
  return (key) => {
    let v = memory.get(key)
    if (v === undefined) {
      if (memory.size >= max) memory.clear()
      v = f(key)
      memory.set(key, v)
    }
    return v
  }
}

// (a Map's keys compare as SameValueZero: 0 and −0, both written "0", share a text, as do NaNs)
const contributionText = remembered(num)
const quotedName = remembered(quoted)

/** The factors as the CSV field `csvField(JSON.stringify(factors))`, built directly: the quotes are doubled as it goes. */
function factorsField(p: Prediction): string {
  if (p.factors.length === 0) return '[]'
  let out = '"['
  for (let i = 0; i < p.factors.length; i++) {
    const f = p.factors[i]!
    out += `${i > 0 ? ',' : ''}{""code"":${quotedName(f.code)},""label"":${quoted(f.label)},""value"":${f.value === null ? 'null' : num(f.value)},""contribution"":${contributionText(f.contribution)},""importance"":${quotedName(f.importance)}}`
  }
  return out + ']"'
}

/**
 * One row of a CSV score file: the same text as `csvLine(record, columns)` of the record `scoreRecord` builds
 * (score-line.test.ts holds it to that), without the intermediate objects and the pass over the factors' JSON to
 * quote it (they took ~30 µs a row, most of `auspex score`'s time after ingest on 400 k profiles).
 */
export function scoreCsvLine(profileId: string, p: Prediction, extras: ScoreExtras, columns: readonly ScoreColumn[]): string {
  let line = ''
  for (let k = 0; k < columns.length; k++) {
    if (k > 0) line += ','
    switch (columns[k]!) {
      case 'profileId': line += csvField(profileId); break
      case 'probability': line += num(p.probability); break
      case 'score': line += num(p.score); break
      case 'percentile': line += num(p.percentile); break
      case 'bucket': line += csvField(p.bucket); break
      case 'factors': line += factorsField(p); break
      case 'goal': line += extras.goal === undefined ? '' : csvField(extras.goal); break
      case 'segments': line += extras.segments === undefined ? '' : csvField(JSON.stringify(extras.segments)); break
    }
  }
  return line
}
