/**
 * TypeScript rewrites `./x.ts` imports to `./x.js` in the JavaScript it emits (`rewriteRelativeImportExtensions`)
 * but keeps them as written in declaration files. A consumer's TypeScript resolves `./x.ts` to a file the tarball
 * does not ship, so the build rewrites the relative specifiers of every `.d.ts` under a folder.
 * Run: `tsx scripts/dts-extensions.ts DIR`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const RELATIVE_TS = /(from\s+|import\s*\(\s*|import\s+)(['"])(\.{1,2}\/[^'"]+?)\.ts\2/g

/** The text with its relative `.ts` import and export specifiers pointing at `.js`. */
export function rewriteDtsExtensions(text: string): string {
  return text.replace(RELATIVE_TS, (_, lead: string, quote: string, path: string) => `${lead}${quote}${path}.js${quote}`)
}

/** Rewrites every `.d.ts` below `dir`; returns how many files changed. */
export function rewriteDtsFolder(dir: string): number {
  let changed = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue
    const file = join(entry.parentPath, entry.name)
    const text = readFileSync(file, 'utf8')
    const next = rewriteDtsExtensions(text)
    if (next !== text) {
      writeFileSync(file, next)
      changed++
    }
  }
  return changed
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2]
  if (!dir) throw new Error('usage: tsx scripts/dts-extensions.ts DIR')
  console.log(`d.ts import extensions: ${rewriteDtsFolder(dir)} files rewritten in ${dir}`)
}
