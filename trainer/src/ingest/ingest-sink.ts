import type { BadRows } from './bad-rows.ts'
import type { EventColumns } from './event-columns.ts'

/** Where readers put what they read: valid events into the columns, rejected rows into the bad-row counts. */
export interface IngestSink {
  columns: EventColumns
  bad: BadRows
}
