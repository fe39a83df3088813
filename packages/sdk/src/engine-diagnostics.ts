import type { AuspexEvent, Model } from '@auspex/core'
import type { Diagnostics, ErrorInfo } from './protocol.ts'

/**
 * What the engine could not use, counted (see {@link Diagnostics}). An event type a model does not know feeds
 * none of its features, so the score cannot react to it: that is reported as `UNKNOWN_EVENT_TYPE` once per
 * (type, goal, model version) — never on every event — when such an event is accepted, and when a model arrives
 * that does not know a type already accepted (events tracked before the model, or a new version). The counts
 * are per type, so `unknownTypes` always answers for the models in use.
 */
export function createEngineDiagnostics(report: (error: ErrorInfo) => void, models: () => readonly Model[]) {
  let events = 0
  let dropped = 0
  /** accepted events per canonical type */
  let types = new Map<string, number>()
  const reported = new Set<string>()

  const check = (type: string, model: Model) => {
    if (model.engine.knows(type)) return
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
      dropped++
    },
    /** Events were accepted: counted per type; types a model in use does not know are reported. */
    accepted(batch: readonly AuspexEvent[]) {
      for (const { type } of batch) {
        events++
        const seen = types.get(type)
        types.set(type, (seen ?? 0) + 1)
        if (seen === undefined) for (const model of models()) check(type, model)
      }
    },
    /** A model is in use: the types already accepted that it does not know are reported. */
    installed(model: Model) {
      for (const type of types.keys()) check(type, model)
    },
    /** The counts; `unknownTypes` for the models in use now. */
    snapshot(): Diagnostics {
      const unknownTypes: Record<string, number> = {}
      const inUse = models()
      for (const [type, n] of types) if (inUse.some((m) => !m.engine.knows(type))) unknownTypes[type] = n
      return { events, droppedEvents: dropped, unknownTypes }
    },
    /** Starts counting again (forget: the counts describe the profile's events). Reports are not repeated. */
    clear() {
      events = 0
      dropped = 0
      types = new Map()
    },
  }
}
