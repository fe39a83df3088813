#!/usr/bin/env node
// The auspex CLI: runs the bundle of the TypeScript sources (bundle.mjs builds it when a source changed), or the
// sources themselves through tsx when AUSPEX_FROM_SOURCE=1 or the build fails.
import { cliEntry } from './bundle.mjs'

const entry = await cliEntry()
if (entry) {
  // stack traces name the sources' files and lines (the bundle has linked source maps)
  process.setSourceMapsEnabled(true)
  await import(entry)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli.ts')
}
