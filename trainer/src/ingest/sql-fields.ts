/**
 * SQL that turns mapped source values into events and mirrors core's `normalizeEvent` checks, so bad rows get
 * the same field-naming reasons without leaving DuckDB.
 */
import { EVENT_LIMITS } from '@auspex/core'

/** Reason (grouping key) of rows dropped because they have no profile id. */
export const NO_PROFILE = 'profileId: missing'

/** A number out of range is most often epoch seconds; a date, a placeholder (1900-01-01, 9999-12-31) or a typo. */
export const OUTSIDE_EPOCH = 'timestamp: outside 1990–2200; epoch seconds must be multiplied by 1000'
export const OUTSIDE_DATE = 'timestamp: outside 1990–2200; a placeholder date (such as 1900-01-01 or 9999-12-31) or a typo in the export'

const MIN_TS = EVENT_LIMITS.minTimestamp
const MAX_TS = EVENT_LIMITS.maxTimestamp
const MAX_TEXT = EVENT_LIMITS.maxText

/**
 * Epoch ms from a trimmed VARCHAR column `tt`: strings of 9+ digits are epoch ms (as core's `toEpochMs`); anything else is
 * read as a timestamp, without a zone = UTC, with a trailing `±HH:MM`/`±HHMM` offset applied.
 */
export function timestampSql(tt: string): string {
  // an ISO date has a '-' after its first character, an integer never: the cheap test spares most rows the BIGINT cast
  const s6 = `right(${tt}, 6)`
  const s5 = `right(${tt}, 5)`
  const sign = (s: string): string => `(CASE WHEN starts_with(${s}, '-') THEN -1 ELSE 1 END)`
  // The cheap sign test first: the regular expressions only run for text that can end in an offset.
  const offMs = `(CASE WHEN NOT (contains(${s6}, '+') OR contains(${s6}, '-')) THEN 0
    WHEN regexp_full_match(${s6}, '[+-][0-9]{2}:[0-9]{2}') THEN ${sign(s6)} * (CAST(${s6}[2:3] AS INTEGER) * 60 + CAST(right(${s6}, 2) AS INTEGER)) * 60000
    WHEN regexp_full_match(${s5}, '[+-][0-9]{4}') AND strpos(${tt}, ':') > 0 THEN ${sign(s5)} * (CAST(${s5}[2:3] AS INTEGER) * 60 + CAST(right(${s5}, 2) AS INTEGER)) * 60000
    ELSE 0 END)`
  return `(CASE WHEN ${tt} IS NULL OR ${tt} = '' THEN NULL
    WHEN length(${tt}) >= 9 AND NOT contains(substr(${tt}, 2), '-') AND TRY_CAST(${tt} AS BIGINT) IS NOT NULL THEN CAST(TRY_CAST(${tt} AS BIGINT) AS DOUBLE)
    ELSE CAST(epoch_ms(TRY_CAST(${tt} AS TIMESTAMP)) AS DOUBLE) - ${offMs} END)`
}

/** The labels `read-tabular.ts` gives a typed numeric timestamp column instead of its text. */
const TYPED_NUMBERS = ['(bigint)', '(integer)', '(hugeint)', '(ubigint)', '(double)'] as const

/**
 * Why a row is rejected, in the order the checks run, over the aliases produced by the reader query:
 * p (profile text), t (timestamp text), ms (epoch ms), y (type), v (value text), vn (value), i (item).
 * `detail` is the raw text shown with an example of the reason.
 */
const CHECKS: ReadonlyArray<{ when: string; reason: string; detail?: string }> = [
  { when: `p IS NULL OR p = ''`, reason: NO_PROFILE },
  { when: `length(p) > ${MAX_TEXT}`, reason: `profileId: too long (at most ${MAX_TEXT} characters)` },
  { when: `t IS NULL OR t = ''`, reason: 'timestamp: required (ISO 8601 text or epoch milliseconds)', detail: 't' },
  { when: 'ms IS NULL', reason: 'timestamp: cannot read; use ISO 8601 (e.g. "2011-01-01T09:30:00Z") or epoch milliseconds', detail: 't' },
  // a number: digits in text, or a typed numeric column (read-tabular.ts labels it "(bigint)", "(double)", …)
  // (equalities, not `t IN (…)`: DuckDB turns an IN list into a hash join, which loses the rows' file order)
  { when: `(ms < ${MIN_TS} OR ms > ${MAX_TS}) AND (TRY_CAST(t AS BIGINT) IS NOT NULL OR ${TYPED_NUMBERS.map((x) => `t = '${x}'`).join(' OR ')})`, reason: OUTSIDE_EPOCH, detail: 't' },
  { when: `ms < ${MIN_TS} OR ms > ${MAX_TS}`, reason: OUTSIDE_DATE, detail: 't' },
  { when: `y IS NULL OR trim(y) = ''`, reason: 'type: required (a non-empty string such as "purchase")', detail: 'left(y, 40)' },
  { when: `length(y) > ${MAX_TEXT}`, reason: `type: too long (at most ${MAX_TEXT} characters)`, detail: 'left(y, 40)' },
  { when: `(v IS NOT NULL AND v <> '' AND vn IS NULL) OR (vn IS NOT NULL AND NOT isfinite(vn))`, reason: 'value: expected a finite number', detail: 'coalesce(v, CAST(vn AS VARCHAR))' },
  { when: `length(i) > ${MAX_TEXT}`, reason: `item: too long (at most ${MAX_TEXT} characters)` },
]

/** The reasons, indexed by the code {@link REASON_SQL} yields minus one. */
export const REASONS: readonly string[] = CHECKS.map((c) => c.reason)

/** The rejection code of a row: 0 when it is a valid event, else 1 + the index of its reason in {@link REASONS}. */
export const REASON_SQL = `(CASE ${CHECKS.map((c, k) => `WHEN ${c.when} THEN ${k + 1}`).join(' ')} ELSE 0 END)::INTEGER`

/** The raw text shown with a bad-row example, from the code `reason` (NULL for valid rows and reasons without one). */
export const DETAIL_SQL = `CASE ${CHECKS.flatMap((c, k) => (c.detail ? [`WHEN reason = ${k + 1} THEN ${c.detail}`] : [])).join(' ')} ELSE NULL END`

/**
 * Hash columns the readers stream instead of strings, from the aliases of {@link REASON_SQL}: profile id (two
 * independent 64-bit hashes, so distinct ids never share a key in practice), type, item and attributes (0 = none).
 * JS decodes a string only the first time its hash is seen.
 */
export const HASH_SQL = `hash(p), hash('~' || p), hash(y),
  CASE WHEN i IS NULL THEN 0::UBIGINT ELSE hash(i) END, CASE WHEN a IS NULL THEN 0::UBIGINT ELSE hash(a) END`
