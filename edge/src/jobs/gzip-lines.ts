/**
 * Gzip JSON Lines in both directions with the Web Streams every runtime here has (workerd, Node ≥ 18), reading line
 * by line so that a shard is never held as one string.
 */

/** Yields each non-empty line of gzip-compressed UTF-8 `bytes`. */
export async function* gunzipLines(bytes: Uint8Array): AsyncIterable<string> {
  const text = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')).pipeThrough(new TextDecoderStream())
  const reader = text.getReader()
  let rest = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    rest += value
    let nl = rest.indexOf('\n')
    while (nl >= 0) {
      const line = rest.slice(0, nl)
      if (line.trim() !== '') yield line
      rest = rest.slice(nl + 1)
      nl = rest.indexOf('\n')
    }
  }
  if (rest.trim() !== '') yield rest
}

/** Gzip-compresses `lines` (each followed by a newline). */
export async function gzipLines(lines: Iterable<string>): Promise<Uint8Array> {
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const line of lines) controller.enqueue(encoder.encode(line + '\n'))
      controller.close()
    },
  })
  const zipped = body.pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(zipped).arrayBuffer())
}
