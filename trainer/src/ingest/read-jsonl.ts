import { createReadStream } from 'node:fs'
import { createGunzip } from 'node:zlib'
import { gunzipStream, isGzipDataError, truncatedError } from './gzip-check.ts'
import { normalizeEvent, type EventIssue } from '@auspex/core'
import { IngestError } from './errors.ts'
import { createFlatEventSink } from './flat-event-sink.ts'
import { forEachLine } from './lines.ts'
import type { InputFile } from './files.ts'
import type { IngestSink } from './ingest-sink.ts'
import { recognise, sourceIssue } from './recognise.ts'
import { NO_PROFILE, OUTSIDE_DATE, OUTSIDE_EPOCH } from './sql-fields.ts'
import type { ProgressFn } from '../types.ts'

/** Groups a core `normalizeEvent` issue under the same reason text the SQL readers use. */
export function reasonOf(issue: EventIssue): string {
  const m = issue.message
  switch (issue.field) {
    case 'profileId': return m.includes('too long') ? 'profileId: too long (at most 512 characters)' : NO_PROFILE
    case 'timestamp':
      if (m.includes('required')) return 'timestamp: required (ISO 8601 text or epoch milliseconds)'
      if (m.includes('outside')) return m.includes('epoch seconds') ? OUTSIDE_EPOCH : OUTSIDE_DATE
      return 'timestamp: cannot read; use ISO 8601 (e.g. "2011-01-01T09:30:00Z") or epoch milliseconds'
    case 'type': return m.includes('too long') ? 'type: too long (at most 512 characters)' : 'type: required (a non-empty string such as "purchase")'
    case 'value': return 'value: expected a finite number'
    case 'item': return m.includes('too long') ? 'item: too long (at most 512 characters)' : 'item: expected a string'
    default: return issue.field.startsWith('attributes') ? 'attributes: expected flat values' : `${issue.field}: invalid`
  }
}

function readPath(obj: Record<string, unknown>, path: string): unknown {
  let cur: unknown = obj
  for (const key of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined
    cur = (cur as Record<string, unknown>)[key]
  }
  return cur
}

function applyMap(obj: Record<string, unknown>, map: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...obj }
  let attributes: Record<string, unknown> | undefined
  for (const [field, path] of Object.entries(map)) {
    const value = readPath(obj, path)
    if (field.startsWith('attributes.')) (attributes ??= {})[field.slice(11)] = value
    else out[field] = value
  }
  if (attributes) out.attributes = attributes
  return out
}

async function startsWithBracket(file: InputFile): Promise<boolean> {
  const input = createReadStream(file.path, file.gzip ? {} : { end: 4095 })
  const stream = file.gzip ? input.pipe(createGunzip()) : input
  try {
    for await (const chunk of stream) {
      const text = (chunk as Buffer).toString('utf8').trimStart()
      if (text.length > 0) return text.startsWith('[')
    }
    return false
  } catch {
    return false
  } finally {
    input.destroy()
  }
}

/**
 * Reads one JSON Lines file (or a JSON array of events) (optionally gzipped) into the sink: each line is parsed,
 * Adobe XDM ExperienceEvents, GA4 BigQuery export rows and Segment track calls are translated by core (`recognise.ts`), `--map` renames keys (dotted paths), and every event
 * passes core's `normalizeEvent`. Flat canonical events (the common case) take a faster path with the same result
 * (`flat-event-sink.ts`). Bad lines are counted with their reason and line number; nothing throws on a bad line.
 */
export async function readJsonl(file: InputFile, index: number, sink: IngestSink, map: Record<string, string>, onProgress?: ProgressFn): Promise<{ rows: number }> {
  const input = createReadStream(file.path, { highWaterMark: 1 << 20 })
  const stream = file.gzip ? input.pipe(gunzipStream()) : input
  const { columns, bad } = sink
  const hasMap = Object.keys(map).length > 0
  // Flat events without a map are read straight from the bytes; any other line by JSON.parse and normalizeEvent
  const flat = hasMap ? null : createFlatEventSink(columns)
  let line = 0
  let rows = 0
  const countRow = (): void => {
    if (++rows % 100_000 === 0) onProgress?.({ step: 'read', done: rows, unit: 'rows' })
  }
  /** One line (or array element): a valid event goes to the columns, anything else to the bad rows. */
  const add = (entry: string | { element: unknown }): void => {
    line++
    if (typeof entry === 'string' && entry.trim() === '') return
    countRow()
    let parsed: unknown
    if (typeof entry === 'string') {
      try { parsed = JSON.parse(entry) } catch { return bad.add(index, line, 'json: cannot parse the line', 'not valid JSON: fix or remove the line') }
    } else {
      parsed = entry.element
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return bad.add(index, line, 'json: not an object', 'each line must be one JSON object')
    let obj = parsed as Record<string, unknown>
    if (hasMap) obj = applyMap(obj, map)
    const { format, input } = recognise(obj)
    const result = normalizeEvent(input)
    if (!result.ok) {
      const issue = sourceIssue(format, obj, result.error)
      if (issue) return bad.add(index, line, issue.reason, issue.message)
      return bad.add(index, line, reasonOf(result.error), result.error.message.slice(0, 300))
    }
    const e = result.event
    columns.push(columns.profiles.code(e.profileId), e.timestamp, columns.types.code(e.type), e.value ?? NaN,
      e.item === undefined ? -1 : columns.items.code(e.item), e.attributes === undefined ? -1 : columns.attributes.code(JSON.stringify(e.attributes)))
  }
  try {
    if (await startsWithBracket(file)) {
      // A JSON array (e.g. an XDM export): parsed whole; "line" numbers are element numbers.
      const chunks: Buffer[] = []
      for await (const chunk of stream) chunks.push(chunk as Buffer)
      let array: unknown
      try { array = JSON.parse(Buffer.concat(chunks).toString('utf8')) } catch (cause) {
        throw new IngestError('INGEST_READ_FAILED', `${file.path}: starts with "[" but is not a valid JSON array (${(cause as Error).message}); use JSON Lines (one event per line)`, { cause })
      }
      for (const element of Array.isArray(array) ? array : [array]) add({ element })
    } else {
      await forEachLine(stream, (bytes, start, end) => {
        if (!flat?.add(bytes, start, end)) return add(bytes.toString('utf8', start, end))
        line++
        countRow()
      })
    }
  } catch (cause) {
    if (cause instanceof IngestError) throw cause
    if (file.gzip && isGzipDataError(cause)) throw truncatedError(file.path, cause)
    throw new IngestError('INGEST_READ_FAILED', `${file.path}: cannot read line ${line + 1}: ${(cause as Error).message}${file.gzip ? ' (is it really gzipped?)' : ''}`, { cause })
  } finally {
    input.destroy()
  }
  return { rows }
}
