/**
 * Calls `onLine(bytes, start, end)` with each line of a byte stream, split as `readline` splits text: `\n`, `\r\n`
 * and a lone `\r` end a line; a last line without an end counts when it is not empty. Nothing is decoded: a line is
 * a range of a buffer, valid during the call. Line ends are ASCII bytes, which never occur inside a UTF-8
 * character, so decoding each line on its own gives the text `readline` gives.
 */
export async function forEachLine(stream: AsyncIterable<unknown> | Iterable<unknown>, onLine: (bytes: Buffer, start: number, end: number) => void): Promise<void> {
  /** the start of a line whose end has not come yet (no line end in it, except perhaps a last `\r`) */
  let pending: Buffer[] = []
  for await (const piece of stream) {
    const chunk = piece as Buffer
    if (pending.length > 0 && chunk.indexOf(10) < 0 && chunk.indexOf(13) < 0 && pending.at(-1)!.at(-1) !== 13) {
      pending.push(chunk) // a long line: joined once its end comes, not at every chunk
      continue
    }
    const buf = pending.length > 0 ? Buffer.concat([...pending, chunk]) : chunk
    let start = 0
    let nl = buf.indexOf(10)
    let cr = buf.indexOf(13)
    while (nl >= 0 || cr >= 0) {
      if (cr >= 0 && (nl < 0 || cr < nl)) {
        if (cr === buf.length - 1) break // "\r\n" or a lone "\r": the next chunk tells
        onLine(buf, start, cr)
        const crlf = buf[cr + 1] === 10
        start = crlf ? cr + 2 : cr + 1
        if (crlf) nl = buf.indexOf(10, start)
        cr = buf.indexOf(13, start)
      } else {
        onLine(buf, start, nl)
        start = nl + 1
        nl = buf.indexOf(10, start)
      }
    }
    pending = start < buf.length ? [buf.subarray(start)] : []
  }
  if (pending.length === 0) return
  const rest = Buffer.concat(pending)
  // a final CR ends a line, even an empty one
  onLine(rest, 0, rest.at(-1) === 13 ? rest.length - 1 : rest.length)
}
