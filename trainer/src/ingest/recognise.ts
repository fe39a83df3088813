import {
  GA4_SOURCE_FIELDS, SEGMENT_SOURCE_FIELDS, fromGa4, fromSegmentTrack, fromXdm, isGa4Event, isSegmentTrack, isXdmEvent,
  type EventInput, type EventIssue,
} from '@auspex/core'

/** The export formats read without `--map`: canonical events, and the three a translator in core knows. */
export type SourceFormat = 'canonical' | 'xdm' | 'ga4' | 'segment'

/** A parsed JSON object as an event input, and the format it was recognised as. */
export interface Recognised {
  format: SourceFormat
  input: EventInput | Record<string, unknown>
}

/**
 * Recognises one parsed JSON Lines object: an Adobe XDM ExperienceEvent, a GA4 BigQuery export row or a Segment
 * track call is translated by core; anything else is taken as a canonical event. The detectors never claim an
 * object with the canonical `type` + `profileId` fields, so canonical events are never misread.
 */
export function recognise(obj: Record<string, unknown>): Recognised {
  if (isXdmEvent(obj)) return { format: 'xdm', input: fromXdm(obj) }
  if (isGa4Event(obj)) return { format: 'ga4', input: fromGa4(obj) }
  if (isSegmentTrack(obj)) return { format: 'segment', input: fromSegmentTrack(obj) }
  return { format: 'canonical', input: obj }
}

interface SourceField {
  /** the export's name of the field, for reasons and messages */
  name: string
  /** the keys whose values an example shows */
  keys: readonly string[]
  what: string
  hint: string
}

/** The fields a translated row is most often rejected for, in the export's own terms: the identity and the time. */
const SOURCES: Record<'ga4' | 'segment', { label: string; profileId: SourceField; timestamp: SourceField }> = {
  ga4: {
    label: 'GA4',
    profileId: { name: GA4_SOURCE_FIELDS.profileId, keys: ['user_id', 'user_pseudo_id'], what: 'missing',
      hint: 'a row without a user is not an event' },
    timestamp: { name: GA4_SOURCE_FIELDS.timestamp, keys: ['event_timestamp'], what: 'cannot read',
      hint: 'expected microseconds since the epoch (a number or digit string)' },
  },
  segment: {
    label: 'Segment',
    profileId: { name: SEGMENT_SOURCE_FIELDS.profileId, keys: ['userId', 'anonymousId'], what: 'missing',
      hint: 'a track call needs a userId or an anonymousId' },
    timestamp: { name: SEGMENT_SOURCE_FIELDS.timestamp, keys: ['timestamp', 'originalTimestamp'], what: 'cannot read',
      hint: 'expected ISO 8601 text' },
  },
}

/** A bad row's grouping reason and its example message. */
export interface SourceIssue {
  reason: string
  message: string
}

/**
 * The reason and message of a GA4 row or Segment call that `normalizeEvent` rejected for its identity or time,
 * naming the export's own field (`GA4 event_timestamp: cannot read`); null otherwise (the canonical reasons apply).
 * A GA4 row or Segment call without an identity is a bad row, not a dropped one: these exports always carry one.
 */
export function sourceIssue(format: SourceFormat, obj: Record<string, unknown>, issue: EventIssue): SourceIssue | null {
  if (format !== 'ga4' && format !== 'segment') return null
  if ((issue.field !== 'profileId' && issue.field !== 'timestamp') || issue.message.includes('too long')) return null
  const source = SOURCES[format]
  const field = source[issue.field]
  const got = field.keys.map((k) => `${k}=${JSON.stringify(obj[k] ?? null)}`).join(', ')
  const reason = `${source.label} ${field.name}: ${field.what}`
  return { reason, message: `${reason}: ${field.hint} (got ${got})`.slice(0, 300) }
}
