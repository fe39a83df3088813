/**
 * One profile's busy time: the spans of its sessions, kept sorted, so a new session is placed only where it
 * stays a separate visit (more than the session gap away from every other session of the profile).
 */
import { SESSION_GAP_MS } from './rates.ts'

/** Margin on top of the session gap, so a new visit is unambiguous to any sessionizer. */
const MARGIN_MS = 60_000

export class Timeline {
  private readonly starts: number[] = []
  private readonly ends: number[] = []

  /** Marks [start, end] as taken; overlapping spans merge, so the spans stay disjoint and sorted. */
  add(start: number, end: number): void {
    let i = this.indexAfter(start)
    let from = start
    let to = end
    while (i > 0 && this.ends[i - 1]! >= from) {
      i--
      from = Math.min(from, this.starts[i]!)
      to = Math.max(to, this.ends[i]!)
      this.starts.splice(i, 1)
      this.ends.splice(i, 1)
    }
    while (i < this.starts.length && this.starts[i]! <= to) {
      to = Math.max(to, this.ends[i]!)
      this.starts.splice(i, 1)
      this.ends.splice(i, 1)
    }
    this.starts.splice(i, 0, from)
    this.ends.splice(i, 0, to)
  }

  /** The start of the earliest taken span, `undefined` when nothing is taken. */
  first(): number | undefined {
    return this.starts[0]
  }

  /** Whether a session over [start, end] would be more than the session gap away from every taken span. */
  isFree(start: number, end: number): boolean {
    const pad = SESSION_GAP_MS + MARGIN_MS
    const i = this.indexAfter(start)
    // spans never overlap one another, so only the neighbours on either side can come too close
    const before = i - 1
    if (before >= 0 && this.ends[before]! + pad > start) return false
    if (i < this.starts.length && this.starts[i]! - pad < end) return false
    return true
  }

  /** The index of the first span starting after `t`. */
  private indexAfter(t: number): number {
    let lo = 0
    let hi = this.starts.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.starts[mid]! <= t) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}
