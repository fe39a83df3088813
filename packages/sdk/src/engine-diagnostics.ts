import type { AuspexEvent, Model } from '@auspex/core'
import type { Diagnostics, ErrorInfo } from './protocol.ts'

const empty = (): Diagnostics => ({ events: 0, droppedEvents: 0, unknownTypes: {} })

/**
 * What the engine could not use, counted (see {@link Diagnostics}). An event type a model does not know feeds
 * none of its features, so the score cannot react to it: that is reported as `UNKNOWN_EVENT_TYPE` once per
 * (type, goal, model version) — never on every event — and every such event is counted.
 */
export function createEngineDiagnostics(report: (error: ErrorInfo) => void) {
  let counts = empty()
  const reported = new Set<string>()

  const warn = (type: string, model: Model) => {
    const id = `${type}\u0000${model.goal.name}\u0000${model.version}`
    if (reported.has(id)) return
    reported.add(id)
    const known = model.engine.config.eventTypes.join(', ')
    report({
      code: 'UNKNOWN_EVENT_TYPE',
      message: `event type "${type}" is unknown to the model of goal "${model.goal.name}" (version ${model.version}): ` +
        `it feeds no feature and does not move the score. The model only knows [${known}]: retrain with events of ` +
        `type "${type}", or track one of those types`,
    })
  }

  return {
    /** An event was dropped (invalid). */
    dropped() {
      counts.droppedEvents++
    },
    /** Events were accepted; those of a type one of `models` does not know are counted and reported. */
    accepted(events: readonly AuspexEvent[], models: readonly Model[]) {
      for (const event of events) {
        counts.events++
        let unknown = false
        for (const model of models) {
          if (model.engine.knows(event.type)) continue
          unknown = true
          warn(event.type, model)
        }
        if (unknown) counts.unknownTypes[event.type] = (counts.unknownTypes[event.type] ?? 0) + 1
      }
    },
    /** A copy of the counts. */
    snapshot: (): Diagnostics => ({ ...counts, unknownTypes: { ...counts.unknownTypes } }),
    /** Starts counting again (forget: the counts describe the profile's events). Reports are not repeated. */
    clear() {
      counts = empty()
    },
  }
}
