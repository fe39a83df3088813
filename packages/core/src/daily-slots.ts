/**
 * The day slots of a {@link FeatureState}: `daily` lists the UTC days with a counted event within the longest
 * window of the newest day, and every per-day counter array is aligned with it. These helpers add a day (and a
 * zero to every aligned array), drop days that fell out of the horizon, and find a late event's day.
 */
import type { FeatureState, TypeState } from './feature-state.ts'

function pushZero(ts: TypeState): void {
  ts.c.push(0)
  if (ts.s !== undefined) ts.s.push(0)
}

function insertZero(ts: TypeState, at: number): void {
  ts.c.splice(at, 0, 0)
  if (ts.s !== undefined) ts.s.splice(at, 0, 0)
}

/**
 * Drops the first `k` items of `a`: one day falls out of the horizon per new day in the common case, and V8's `shift`
 * trims an array's front in place where `splice` allocates the removed items (a day's roll-over ~2× faster).
 */
function dropFirst(a: number[], k: number): void {
  if (k === 1) a.shift()
  else a.splice(0, k)
}

function dropFront(ts: TypeState, k: number): void {
  dropFirst(ts.c, k)
  if (ts.s !== undefined) dropFirst(ts.s, k)
}

function eachTypeState(state: FeatureState, fn: (ts: TypeState, arg: number) => void, arg: number): void {
  const types = state.types
  for (let i = 0; i < types.length; i++) fn(types[i]!, arg)
  fn(state.outcome, arg)
  const custom = state.custom
  for (let i = 0; i < custom.length; i++) fn(custom[i]!, arg)
}

/**
 * The index in `state.daily` of `day`, adding it when missing; -1 when it is older than the horizon of the
 * newest day (`horizon` days: the longest window), so it belongs to no window a later reading can see.
 */
export function daySlot(state: FeatureState, day: number, horizon: number): number {
  const daily = state.daily
  const n = daily.length
  if (n > 0 && daily[n - 1] === day) return n - 1
  if (n === 0 || day > daily[n - 1]!) {
    daily.push(day)
    state.all.push(0)
    state.visits.push(0)
    eachTypeState(state, pushZero, 0)
    let drop = 0
    while (daily[drop]! <= day - horizon) drop++
    if (drop > 0) {
      dropFirst(daily, drop)
      dropFirst(state.all, drop)
      dropFirst(state.visits, drop)
      eachTypeState(state, dropFront, drop)
    }
    return daily.length - 1
  }
  if (day <= daily[n - 1]! - horizon) return -1
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (daily[mid]! < day) lo = mid + 1
    else hi = mid
  }
  if (daily[lo] === day) return lo
  daily.splice(lo, 0, day)
  state.all.splice(lo, 0, 0)
  state.visits.splice(lo, 0, 0)
  eachTypeState(state, insertZero, lo)
  return lo
}
