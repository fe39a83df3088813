/** Human wording for half-lives and feature names. */

export function halfLifeCode(hours: number): string {
  return hours % 24 === 0 ? `${hours / 24}d` : `${hours}h`
}

export function halfLifePhrase(hours: number): string {
  if (hours === 1) return 'in the last hour'
  if (hours === 24) return 'in the last day'
  if (hours % 24 === 0) return `in the last ${hours / 24} days`
  return `in the last ${hours} hours`
}

/** `addToCart` → `addtocart`, `Viewed pricing` → `viewed_pricing`: safe in feature codes. */
export function slug(text: string): string {
  const s = text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '')
  return s === '' ? 'x' : s
}

/** Formats a feature value for a factor label: whole numbers stay whole, others get one decimal. */
export function formatValue(value: number, unit: string): string {
  if (Number.isNaN(value)) return 'never'
  if (unit === 'weekday') return ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][value] ?? String(value)
  if (unit === 'flag') return value >= 0.5 ? 'yes' : 'no'
  if (unit === 'currency') return Math.abs(value) >= 100 ? String(Math.round(value)) : value.toFixed(2)
  const rounded = Math.abs(value) >= 10 ? Math.round(value) : Math.round(value * 10) / 10
  return String(rounded)
}

/**
 * Fills `{value}` in a label template, and `{s}` with the plural ending unless the value reads "1"
 * (`{value} visit{s}` → "1 visit", "2.5 visits"); uses `missing` (when given) for NaN, "never happened".
 */
export function fillTemplate(template: string, value: number, unit: string, missing?: string): string {
  if (Number.isNaN(value) && missing !== undefined) return missing
  const text = formatValue(value, unit)
  return template.replace('{value}', text).replace('{s}', text === '1' ? '' : 's')
}
