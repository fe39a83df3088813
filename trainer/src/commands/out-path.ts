import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { CliError } from './cli-error.ts'

async function kindOf(path: string): Promise<'dir' | 'file' | undefined> {
  try {
    return (await stat(path)).isDirectory() ? 'dir' : 'file'
  } catch {
    return undefined
  }
}

/**
 * Checks, before any long work, that `--out` can be written as a `folder` (created with its parents if missing) or
 * a `file` (its folder created if missing): nothing in the way is a file where a folder is needed (or the reverse),
 * and the closest existing folder is writable.
 * @throws CliError USAGE naming the flag, the path and what is wrong
 */
export async function checkOutPath(command: string, path: string, want: 'folder' | 'file'): Promise<void> {
  const fail = (why: string) => new CliError('USAGE', `auspex ${command}: --out ${path}: ${why}`)
  const target = resolve(path)
  const found = await kindOf(target)
  if (want === 'folder' && found === 'file') throw fail('a file is there; give a folder (it gets model.json, metrics.json and report.html)')
  if (want === 'file' && found === 'dir') throw fail('a folder is there; give a file name ending in .csv or .jsonl')
  // what will be written into: the target itself when it exists, else the closest folder above it
  let existing = target
  if (found === undefined) {
    let kind: 'dir' | 'file' | undefined
    do {
      existing = dirname(existing)
      kind = await kindOf(existing)
    } while (kind === undefined && dirname(existing) !== existing)
    if (kind === 'file') throw fail(`${existing} is a file, so no folder can be made under it`)
  }
  try {
    await access(existing, constants.W_OK)
  } catch {
    throw fail(`${existing} is not writable`)
  }
}
