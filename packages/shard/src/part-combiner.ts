/**
 * Parts combined as they arrive, in amortised linear time: arriving parts wait until they hold more sampled items
 * than the combined part, then all are combined at once. Combining on every arrival re-sorted and re-packed the whole
 * combined sample each time (training from 40 shards: ~24 s of the main thread, most of the example phase);
 * waiting keeps memory at about twice the samples' sizes, never every shard's.
 */
import type { CollectTask } from './collect-task.ts'
import type { DescribeTask } from './describe-task.ts'
import type { SurveyTask } from './survey-task.ts'
import { combineParts, type PartOf } from './task.ts'

type PhaseTask = SurveyTask | CollectTask | DescribeTask

/** Sampled items a part holds (what combining sorts and copies); survey parts are counts only. */
function itemsOf(part: PartOf<PhaseTask>): number {
  switch (part.kind) {
    case 'collect': return part.sample.key.length + part.calibration.key.length + part.test.key.length
    case 'describe': return part.rows.key.length
    default: return 0
  }
}

export class PartCombiner<T extends PhaseTask> {
  private list: Array<PartOf<T>> = []
  private combinedItems = 0
  private waitingItems = 0
  constructor(private readonly task: T) {}

  /** The parts so far (for `refineTask`): the combined one, then those waiting. */
  get parts(): ReadonlyArray<PartOf<T>> {
    return this.list
  }

  add(part: PartOf<T>): void {
    this.list.push(part)
    this.waitingItems += itemsOf(part as PartOf<PhaseTask>)
    if (this.waitingItems > this.combinedItems) this.combine()
  }

  /** One part that merges like every part added (undefined when none was). */
  result(): PartOf<T> | undefined {
    if (this.list.length > 1) this.combine()
    return this.list[0]
  }

  private combine(): void {
    const one = combineParts(this.task, this.list)
    this.list = [one]
    this.combinedItems = itemsOf(one as PartOf<PhaseTask>)
    this.waitingItems = 0
  }
}
