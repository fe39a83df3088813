/**
 * Splits one RFC 4180 CSV line into fields (quoted fields may hold commas and doubled quotes).
 * Score files never hold a line break inside a field: JSON escapes them. @returns null for an unterminated quote
 */
export function splitCsvLine(line: string): string[] | null {
  const fields: string[] = []
  let i = 0
  for (;;) {
    if (line[i] === '"') {
      let text = ''
      i++
      for (;;) {
        const q = line.indexOf('"', i)
        if (q < 0) return null
        text += line.slice(i, q)
        if (line[q + 1] === '"') { text += '"'; i = q + 2; continue }
        i = q + 1
        break
      }
      fields.push(text)
      if (i < line.length && line[i] !== ',') return null
    } else {
      const comma = line.indexOf(',', i)
      fields.push(line.slice(i, comma < 0 ? line.length : comma))
      i = comma < 0 ? line.length : comma
    }
    if (i >= line.length) return fields
    i++ // the comma
    if (i === line.length) { fields.push(''); return fields }
  }
}
