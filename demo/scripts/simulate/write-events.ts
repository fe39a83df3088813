/** Writes simulated profiles as a gzipped canonical CSV (`profileId,timestamp,type,value,item`), profile by profile. */
import { createWriteStream } from 'node:fs'
import { rename } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import { CSV_HEADER, toCsvLine } from './sim-event.ts'
import type { SimProfile } from './simulate.ts'

function* csvChunks(profiles: readonly SimProfile[]): Generator<string> {
  let chunk = `${CSV_HEADER}\n`
  for (const p of profiles) {
    for (const e of p.events) chunk += `${toCsvLine(e)}\n`
    if (chunk.length > 1 << 20) { yield chunk; chunk = '' }
  }
  if (chunk) yield chunk
}

/** Writes `file` (via a temporary file, so a reader never sees half of it). */
export async function writeEventsCsvGz(profiles: readonly SimProfile[], file: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`
  await pipeline(csvChunks(profiles), createGzip({ level: 6 }), createWriteStream(tmp))
  await rename(tmp, file)
}
