import type { AuspexEvent } from '@auspex/core'
import type { ShardTable } from './format.ts'

/** Index of each distinct string, in first-seen order. */
class Strings {
  readonly values: string[] = []
  private readonly index = new Map<string, number>()
  code(value: string): number {
    let i = this.index.get(value)
    if (i === undefined) this.index.set(value, (i = this.values.push(value) - 1))
    return i
  }
}

/**
 * Builds a shard from event objects, profile by profile (ids ascending, each one's events by time): for tests and
 * for producers that hold events as objects. The trainer cuts its shards from its event table directly.
 */
export class ShardBuilder {
  private readonly profiles: string[] = []
  private readonly start: number[] = [0]
  private readonly time: number[] = []
  private readonly value: number[] = []
  private readonly type: number[] = []
  private readonly item: number[] = []
  private readonly attr: number[] = []
  private readonly types = new Strings()
  private readonly items = new Strings()
  private readonly attributes = new Strings()

  /** @throws RangeError when ids are not ascending or events not in time order */
  add(profileId: string, events: readonly AuspexEvent[]): this {
    const last = this.profiles[this.profiles.length - 1]
    if (last !== undefined && !(last < profileId)) throw new RangeError(`profile ${profileId}: profiles must be added in ascending id order (after ${last})`)
    let previous = -Infinity
    for (const e of events) {
      if (e.timestamp < previous) throw new RangeError(`profile ${profileId}: events must be in time order`)
      previous = e.timestamp
      this.time.push(e.timestamp)
      this.value.push(e.value ?? NaN)
      this.type.push(this.types.code(e.type))
      this.item.push(e.item === undefined ? -1 : this.items.code(e.item))
      this.attr.push(e.attributes === undefined ? -1 : this.attributes.code(JSON.stringify(e.attributes)))
    }
    this.profiles.push(profileId)
    this.start.push(this.time.length)
    return this
  }

  get events(): number {
    return this.time.length
  }

  build(): ShardTable {
    return {
      profiles: [...this.profiles], start: Int32Array.from(this.start), time: Float64Array.from(this.time), value: Float64Array.from(this.value),
      type: Int32Array.from(this.type), item: Int32Array.from(this.item), attr: Int32Array.from(this.attr),
      types: [...this.types.values], items: [...this.items.values], attributes: [...this.attributes.values],
    }
  }
}
