/** Digits read from bytes (timestamps in exports): a non-digit reads as NaN, which fails every range check after it. */

/** The digit at `b[i]`, or NaN. */
export function digit(b: Uint8Array, i: number): number {
  const d = b[i]! - 48
  return d >= 0 && d <= 9 ? d : NaN
}

/** The two-digit number at `b[i]`, or NaN. */
export function twoDigits(b: Uint8Array, i: number): number {
  return digit(b, i) * 10 + digit(b, i + 1)
}
