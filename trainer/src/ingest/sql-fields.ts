/**
 * SQL that turns mapped source values into staged events and mirrors core's `normalizeEvent` checks,
 * so bad rows get the same field-naming reasons without leaving DuckDB.
 */

/** Reason (grouping key) of rows dropped because they have no profile id. */
export const NO_PROFILE = 'profileId: missing'

const MIN_TS = Date.UTC(1990, 0, 1)
const MAX_TS = Date.UTC(2200, 0, 1)
const MAX_TEXT = 512

/**
 * Epoch ms from a trimmed VARCHAR column `tt`: strings of 9+ digits are epoch ms (as core's `toEpochMs`); anything else is
 * read as a timestamp, without a zone = UTC, with a trailing `±HH:MM`/`±HHMM` offset applied.
 */
export function timestampSql(tt: string): string {
  const s6 = `right(${tt}, 6)`
  const s5 = `right(${tt}, 5)`
  const sign = (s: string): string => `(CASE WHEN starts_with(${s}, '-') THEN -1 ELSE 1 END)`
  const offMs = `(CASE WHEN regexp_full_match(${s6}, '[+-][0-9]{2}:[0-9]{2}') THEN ${sign(s6)} * (CAST(${s6}[2:3] AS INTEGER) * 60 + CAST(right(${s6}, 2) AS INTEGER)) * 60000
    WHEN regexp_full_match(${s5}, '[+-][0-9]{4}') AND strpos(${tt}, ':') > 0 THEN ${sign(s5)} * (CAST(${s5}[2:3] AS INTEGER) * 60 + CAST(right(${s5}, 2) AS INTEGER)) * 60000
    ELSE 0 END)`
  return `(CASE WHEN ${tt} IS NULL OR ${tt} = '' THEN NULL
    WHEN length(${tt}) >= 9 AND TRY_CAST(${tt} AS BIGINT) IS NOT NULL THEN CAST(TRY_CAST(${tt} AS BIGINT) AS DOUBLE)
    ELSE CAST(epoch_ms(TRY_CAST(${tt} AS TIMESTAMP)) AS DOUBLE) - ${offMs} END)`
}

/**
 * The reason a row is rejected (NULL when it is a valid event), from the aliases produced by the
 * staging query: p (profile text), t (timestamp text), ms (epoch ms), y (type), v (value text), vn (value), i (item).
 */
export const REASON_SQL = `CASE
  WHEN p IS NULL OR p = '' THEN '${NO_PROFILE}'
  WHEN length(p) > ${MAX_TEXT} THEN 'profileId: too long (at most ${MAX_TEXT} characters)'
  WHEN t IS NULL OR t = '' THEN 'timestamp: required (ISO 8601 text or epoch milliseconds)'
  WHEN ms IS NULL THEN 'timestamp: cannot read; use ISO 8601 (e.g. "2011-01-01T09:30:00Z") or epoch milliseconds'
  WHEN ms < ${MIN_TS} OR ms > ${MAX_TS} THEN 'timestamp: outside 1990–2200; epoch seconds must be multiplied by 1000'
  WHEN y IS NULL OR trim(y) = '' THEN 'type: required (a non-empty string such as "purchase")'
  WHEN length(y) > ${MAX_TEXT} THEN 'type: too long (at most ${MAX_TEXT} characters)'
  WHEN (v IS NOT NULL AND v <> '' AND vn IS NULL) OR (vn IS NOT NULL AND NOT isfinite(vn)) THEN 'value: expected a finite number'
  WHEN length(i) > ${MAX_TEXT} THEN 'item: too long (at most ${MAX_TEXT} characters)'
  ELSE NULL END`

/** The raw text shown with a bad-row example, per reason. */
export const DETAIL_SQL = `CASE
  WHEN starts_with(reason, 'timestamp') THEN t
  WHEN starts_with(reason, 'value') THEN coalesce(v, CAST(vn AS VARCHAR))
  WHEN starts_with(reason, 'type') THEN left(y, 40)
  ELSE NULL END`

/** CREATE TABLE of the staging table every reader fills. */
export const STAGING_DDL = `CREATE TABLE ev (
  file INTEGER, rn BIGINT, pid VARCHAR, ts DOUBLE, type VARCHAR, value DOUBLE, item VARCHAR, attrs VARCHAR,
  reason VARCHAR, detail VARCHAR)`
