/** A score history as an SVG sparkline (pure: values in, path out). */

/**
 * The SVG path of `values` (0–100 scores) drawn in a `width`×`height` box, oldest left; empty for no values.
 * One value draws a flat line across the box.
 */
export function sparklinePath(values: readonly number[], width: number, height: number, max = 100): string {
  if (values.length === 0) return ''
  const y = (v: number): number => +(height - (Math.min(Math.max(v, 0), max) / max) * height).toFixed(1)
  if (values.length === 1) return `M0 ${y(values[0]!)} L${width} ${y(values[0]!)}`
  const step = width / (values.length - 1)
  return values.map((v, i) => `${i === 0 ? 'M' : 'L'}${+(i * step).toFixed(1)} ${y(v)}`).join(' ')
}

/** Appends a value to a history kept to its last `limit` entries (returns a new array). */
export function pushHistory(history: readonly number[], value: number, limit = 40): number[] {
  const next = [...history, value]
  return next.length > limit ? next.slice(next.length - limit) : next
}
