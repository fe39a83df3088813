/**
 * FNV-1a, 32-bit: the trainer's one string hash (the sampler's keys, the JSON Lines span index). States are kept as
 * int32 (`Math.imul`'s result): the same bits as the unsigned form, and V8 keeps them as small integers.
 * Hot loops write the prime 0x01000193 as a literal: an imported or module-level `const` is re-read (with its
 * initialisation check) on every pass, which made the span hash ~40 % slower.
 */
/** The FNV-1a offset basis: the state of the empty text. */
export const FNV_OFFSET = 0x811c9dc5 | 0

/** The state `h` after the UTF-16 code units of `text` (for ASCII text: after its bytes). */
export function fnv1a(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h
}

/** The state `h` after the bytes `bytes[start, end)`. */
export function fnv1aBytes(h: number, bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193)
  return h
}
