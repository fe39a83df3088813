#!/usr/bin/env node
// The auspex CLI: registers tsx so the TypeScript sources run directly, then starts src/cli.ts.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')
