/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** Formats a share 0–1 as a percentage with `digits` decimals. */
export function pct(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(digits)} %` : '–'
}

/** Formats a number with thousands separators, or a dash when not finite. */
export function num(x: number, digits = 0): string {
  return Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–'
}

/** A simple accessible table: header cells are `<th scope="col">`. Cells are escaped. */
export function table(caption: string, head: string[], rows: Array<Array<string | number>>): string {
  const th = head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`
}

/** A `<details>` disclosure holding a table alternative of a chart. */
export function dataTable(summary: string, tableHtml: string): string {
  return `<details class="data"><summary>${escapeHtml(summary)}</summary>${tableHtml}</details>`
}
