import { readFile } from 'node:fs/promises'
import type { CliError } from './cli-error.ts'

/**
 * Reads and parses a JSON file the user named. `problem` builds the error: `missing` when it cannot be read,
 * `invalid` with JSON.parse's reason on one line (Node's reason quotes the text, line breaks included).
 */
export async function readJsonFile(path: string, problem: (kind: 'missing' | 'invalid', why: string, cause: unknown) => CliError): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    throw problem('missing', (cause as NodeJS.ErrnoException).code ?? String(cause), cause)
  }
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw problem('invalid', (cause as Error).message.replace(/\s+/g, ' ').trim(), cause)
  }
}
