/**
 * The hold-out AUC column of the model page's versions table. Each version's AUC was measured on its own test
 * window and population (a version trained on older events is tested on an older window): side by side, next to
 * "Roll back", they would read as a ranking they are not. So the AUCs are shown only when every listed version was
 * evaluated on the same window; otherwise the column says which window each one was measured on, and a note says
 * how to compare versions on one window.
 */
import { esc } from './format.ts'

/** Where a version's metrics were measured (the artifact's `training.evaluation`). */
export interface Evaluation {
  cutoff: string
  /** [from, to) of the labels */
  labelWindow: [string, string]
  n: number
}

export interface VersionFigures {
  version: string
  auc: number | null
  evaluation: Evaluation | null
}

export interface AucColumn {
  header: string
  /** the cell of a version (HTML) */
  cell(version: string): string
  /** a paragraph under the table (HTML), empty when the figures are comparable */
  note: string
}

const day = (iso: string) => esc(iso.slice(0, 10))
const windowOf = (e: Evaluation) => `${e.labelWindow[0]}|${e.labelWindow[1]}`

/** The column for `rows` (the versions listed). */
export function aucColumn(rows: readonly VersionFigures[]): AucColumn {
  const measured = rows.filter((r) => r.auc !== null && r.evaluation !== null)
  const windows = new Set(measured.map((r) => windowOf(r.evaluation!)))
  const byVersion = new Map(rows.map((r) => [r.version, r]))
  // one window (or one version with figures): the AUCs rank the versions on the same profiles' outcomes
  if (windows.size <= 1 && measured.length === rows.filter((r) => r.auc !== null).length) {
    const w = measured[0]?.evaluation
    return {
      header: w ? `Hold-out AUC (labels ${day(w.labelWindow[0])} – ${day(w.labelWindow[1])})` : 'Hold-out AUC',
      cell: (v) => {
        const auc = byVersion.get(v)?.auc
        return auc == null ? '—' : auc.toFixed(3)
      },
      note: '',
    }
  }
  return {
    header: 'Evaluated on',
    cell: (v) => {
      const e = byVersion.get(v)?.evaluation
      return e ? `labels ${day(e.labelWindow[0])} – ${day(e.labelWindow[1])}, ${e.n.toLocaleString('en')} profiles` : '—'
    },
    note: '<p class="muted" data-testid="auc-not-comparable">Each version was tested on its own window and population, so its ' +
      'hold-out AUC does not rank it against the others and is not shown here; the training report below has the active ' +
      'version\'s figures. To compare two versions on one window: <code>pnpm auspex evaluate --model A --model B --events … --as-of T</code>.</p>',
  }
}
