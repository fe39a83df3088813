import { IngestError } from './errors.ts'

/** The canonical event fields a mapping can fill. Attributes are mapped as `attributes.<name>`. */
export const EVENT_FIELDS = ['profileId', 'timestamp', 'type', 'value', 'item'] as const
export type EventField = (typeof EVENT_FIELDS)[number]

/** A named mapping for a known export. */
export interface Preset {
  name: string
  description: string
  /** the exact header that selects this preset automatically */
  header: string[]
  /** field → SQL expression over the source columns */
  map: Record<string, string>
  /** source columns to read as text (so ids keep leading zeros and never become numbers) */
  textColumns: string[]
  /** ISO 4217 code of the export's values, when the export says nothing but the preset knows */
  currency?: string
}

/** Built-in presets. `online-retail`: the UCI Online Retail export. */
export const PRESETS: Readonly<Record<string, Preset>> = {
  'online-retail': {
    name: 'online-retail',
    description: 'UCI Online Retail (InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country)',
    header: ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'],
    map: {
      // CustomerID is "17850.0" in the export; without a regular expression (this runs for every row).
      profileId: `CASE WHEN ends_with(CustomerID, '.0') THEN substr(CustomerID, 1, length(CustomerID) - 2) ELSE CustomerID END`,
      timestamp: 'InvoiceDate',
      type: `CASE WHEN starts_with(InvoiceNo, 'C') THEN 'return' ELSE 'purchase' END`,
      value: 'Quantity * UnitPrice',
      item: 'StockCode',
      'attributes.invoice': 'InvoiceNo',
      'attributes.country': 'Country',
    },
    textColumns: ['InvoiceNo', 'StockCode', 'CustomerID', 'Country', 'Description'],
    currency: 'GBP',
  },
}

/** Looks up a preset by name. @throws IngestError INGEST_UNKNOWN_PRESET listing the valid names */
export function getPreset(name: string): Preset {
  const preset = PRESETS[name]
  if (!preset) throw new IngestError('INGEST_UNKNOWN_PRESET', `--preset ${name}: unknown preset; valid presets: ${Object.keys(PRESETS).join(', ')}`)
  return preset
}

/** The preset whose header is exactly `columns`, if any. */
export function presetForHeader(columns: readonly string[]): Preset | undefined {
  return Object.values(PRESETS).find((p) => p.header.length === columns.length && p.header.every((c, i) => c === columns[i]))
}

/**
 * Parses repeatable `--map field=column` arguments. The value is a source column or a SQL expression over
 * the source columns (e.g. `value=Quantity*UnitPrice`).
 * @throws IngestError INGEST_MAPPING naming the bad argument and the valid fields
 */
export function parseMapArgs(args: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {}
  for (const arg of args) {
    const eq = arg.indexOf('=')
    const field = eq > 0 ? arg.slice(0, eq).trim() : ''
    const expr = eq > 0 ? arg.slice(eq + 1).trim() : ''
    if (!field || !expr) throw new IngestError('INGEST_MAPPING', `--map ${arg}: expected field=column, e.g. --map profileId=CustomerID`)
    checkField(field)
    map[field] = expr
  }
  return map
}

function checkField(field: string): void {
  if ((EVENT_FIELDS as readonly string[]).includes(field)) return
  if (/^attributes\.[A-Za-z_][\w-]*$/.test(field)) return
  throw new IngestError('INGEST_MAPPING', `--map ${field}=…: unknown field; valid fields: ${EVENT_FIELDS.join(', ')}, attributes.<name>`)
}

/** Quotes a SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** Quotes a SQL string literal. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}

/** The columns an expression mentions (as whole words, quoted or not). */
export function referencedColumns(expr: string, columns: readonly string[]): string[] {
  return columns.filter((c) => expr.includes(quoteIdent(c)) || new RegExp(`(^|[^\\w"])${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w"])`).test(expr))
}

/** A resolved mapping for one source: SQL per field (null = absent) and attribute expressions. */
export interface ResolvedMapping {
  fields: Record<EventField, string | null>
  attributes: Array<[string, string]>
}

/**
 * Resolves a mapping against a source's columns: a mapped value naming a column (case-insensitively)
 * becomes that column, anything else is used as a SQL expression. Unmapped fields use the column of the
 * same name. Without explicit attribute mappings, the unused scalar columns become attributes.
 * @throws IngestError INGEST_MAPPING when profileId, timestamp or type cannot be found
 */
export function resolveMapping(file: string, columns: ReadonlyArray<{ name: string; scalar: boolean }>, map: Record<string, string>): ResolvedMapping {
  const byLower = new Map(columns.map((c) => [c.name.toLowerCase(), c.name]))
  const used = new Set<string>()
  const sql = (expr: string): string => {
    const col = byLower.get(expr.toLowerCase())
    if (col !== undefined) { used.add(col); return quoteIdent(col) }
    for (const c of columns) if (new RegExp(`\\b${c.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(expr)) used.add(c.name)
    return `(${expr})`
  }
  const fields = {} as Record<EventField, string | null>
  for (const field of EVENT_FIELDS) {
    const expr = map[field] ?? (byLower.has(field.toLowerCase()) ? field : undefined)
    fields[field] = expr === undefined ? null : sql(expr)
  }
  const names = columns.map((c) => c.name).join(', ')
  for (const field of ['profileId', 'timestamp', 'type'] as const) {
    if (fields[field] === null) {
      throw new IngestError('INGEST_MAPPING', `${file}: no "${field}" column (columns: ${names}); map one with --map ${field}=COLUMN (or use --preset)`)
    }
  }
  const attributes: Array<[string, string]> = []
  const explicit = Object.entries(map).filter(([k]) => k.startsWith('attributes.'))
  if (explicit.length > 0) {
    for (const [k, expr] of explicit) attributes.push([k.slice(11), sql(expr)])
  } else {
    for (const c of columns) if (!used.has(c.name) && c.scalar) attributes.push([c.name, quoteIdent(c.name)])
  }
  return { fields, attributes }
}
