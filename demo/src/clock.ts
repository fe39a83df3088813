/**
 * The demo's clock runs at the data's time: the history ends on 9 Dec 2011, so "now" is the history's end
 * plus the time since the visitor started shopping (plus any fast-forward). The start is kept in
 * localStorage so a reload does not move time backwards.
 */

export interface DemoClock {
  now(): number
  /** starts the clock again at the history's end (after switching customer) */
  reset(): void
  /** moves the clock forward by `ms` (to watch scores decay) */
  advance(ms: number): void
}

interface Stored { start: number; offset: number }

/** A clock at `historyEnd + (Date.now() − start) + offset`, persisted under `key` in `storage`. */
export function createDemoClock(historyEnd: number, storage: Pick<Storage, 'getItem' | 'setItem'>, key = 'auspex-demo-clock', wall: () => number = Date.now): DemoClock {
  let state: Stored
  try {
    const parsed = JSON.parse(storage.getItem(key) ?? 'null') as Stored | null
    state = parsed && typeof parsed.start === 'number' && typeof parsed.offset === 'number' ? parsed : { start: wall(), offset: 0 }
  } catch {
    state = { start: wall(), offset: 0 }
  }
  const save = (): void => storage.setItem(key, JSON.stringify(state))
  save()
  return {
    now: () => historyEnd + (wall() - state.start) + state.offset,
    reset() { state = { start: wall(), offset: 0 }; save() },
    advance(ms) { state = { ...state, offset: state.offset + ms }; save() },
  }
}
