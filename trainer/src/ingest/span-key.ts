/**
 * A 128-bit key of a byte span (MurmurHash3 x86_128, seed 0), for dictionary lookups by hash where a 32-bit hash
 * would need the string to confirm a hit: the CSV fast path's profile ids (`read-csv.ts`). Distinct ids sharing a
 * key is as unlikely as with the two 64-bit hashes DuckDB's readers stream (`HASH_SQL`).
 */

const C1 = 0x239b961b
const C2 = 0xab0e9789 | 0
const C3 = 0x38b34ae5
const C4 = 0xa1e38b93 | 0

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r))
}

function fmix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return h ^ (h >>> 16)
}

function word(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)
}

/** The last `n` (< 4) bytes from `i` as a little-endian word. */
function tail(b: Uint8Array, i: number, n: number): number {
  let k = 0
  for (let j = n - 1; j >= 0; j--) k = (k << 8) | b[i + j]!
  return k
}

/** Writes the key of `b[start, end)` as four int32 words at `out[at … at + 3]`. */
export function spanKey(b: Uint8Array, start: number, end: number, out: Int32Array, at: number): void {
  const len = end - start
  let h1 = 0, h2 = 0, h3 = 0, h4 = 0
  let i = start
  for (const blocks = start + (len & ~15); i < blocks; i += 16) {
    let k1 = word(b, i), k2 = word(b, i + 4), k3 = word(b, i + 8), k4 = word(b, i + 12)
    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2); h1 ^= k1
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0
    k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3); h2 ^= k2
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0
    k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4); h3 ^= k3
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0
    k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1); h4 ^= k4
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0
  }
  const rest = end - i
  if (rest > 12) h4 ^= Math.imul(rotl(Math.imul(tail(b, i + 12, rest - 12), C4), 18), C1)
  if (rest > 8) h3 ^= Math.imul(rotl(Math.imul(rest >= 12 ? word(b, i + 8) : tail(b, i + 8, rest - 8), C3), 17), C4)
  if (rest > 4) h2 ^= Math.imul(rotl(Math.imul(rest >= 8 ? word(b, i + 4) : tail(b, i + 4, rest - 4), C2), 16), C3)
  if (rest > 0) h1 ^= Math.imul(rotl(Math.imul(rest >= 4 ? word(b, i) : tail(b, i, rest), C1), 15), C2)
  h1 ^= len; h2 ^= len; h3 ^= len; h4 ^= len
  h1 = (h1 + h2 + h3 + h4) | 0
  h2 = (h2 + h1) | 0; h3 = (h3 + h1) | 0; h4 = (h4 + h1) | 0
  h1 = fmix(h1); h2 = fmix(h2); h3 = fmix(h3); h4 = fmix(h4)
  h1 = (h1 + h2 + h3 + h4) | 0
  h2 = (h2 + h1) | 0; h3 = (h3 + h1) | 0; h4 = (h4 + h1) | 0
  out[at] = h1
  out[at + 1] = h2
  out[at + 2] = h3
  out[at + 3] = h4
}
