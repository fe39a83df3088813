/**
 * A site outside the workspace that installs the packed tarballs as any site would: `npm install` of
 * `file:` tarballs plus Vite, a page that imports `@auspex/sdk`, and a tsconfig that type-checks it against the
 * published `.d.ts` files. The model artifact is the host's (`models: [artifact]`), so no edge is needed.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ModelArtifact } from '@auspex/core'

export const ROOT = join(import.meta.dirname, '../..')

/** Runs a command; throws with its output when it fails. */
export function run(command: string, args: string[], cwd: string, timeout = 120_000): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1' } })
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} in ${cwd} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`)
  return `${r.stdout}${r.stderr}`
}

/** `pnpm pack` of a workspace package into `out` (its `prepack` builds `dist/`); returns the tarball path. */
export function pack(packageDir: string, out: string): string {
  const before = new Set(readdirSync(out))
  run('pnpm', ['pack', '--pack-destination', out], join(ROOT, packageDir), 180_000)
  const made = readdirSync(out).filter((f) => f.endsWith('.tgz') && !before.has(f))
  if (made.length !== 1) throw new Error(`pnpm pack in ${packageDir} made ${made.length} tarballs: ${made.join(', ')}`)
  return join(out, made[0]!)
}

const MAIN = `import { createAuspex, type AuspexScore, type ErrorInfo, type ModelArtifact } from '@auspex/sdk'

declare global {
  interface Window { auspexResult: Promise<{ score: AuspexScore | null; errors: ErrorInfo[] }> }
}

window.auspexResult = (async () => {
  const artifact = (await (await fetch('./model.json')).json()) as ModelArtifact
  const errors: ErrorInfo[] = []
  const auspex = createAuspex({ goals: [artifact.goal.name], models: [artifact], onError: (e) => void errors.push(e) })
  await auspex.ready
  auspex.track({ type: 'addToCart', item: 'sku-1', value: 12.5 })
  const score = await auspex.score(artifact.goal.name)
  return { score, errors }
})()
`

/** Writes the app into `dir`, depending on the two tarballs, and installs it. */
export function createConsumerApp(dir: string, tarballs: { core: string; sdk: string }, artifact: ModelArtifact): void {
  mkdirSync(join(dir, 'src'), { recursive: true })
  mkdirSync(join(dir, 'public'), { recursive: true })
  const pkg = {
    name: 'auspex-consumer', private: true, type: 'module',
    scripts: { build: 'vite build', dev: 'vite' },
    dependencies: { '@auspex/core': `file:${tarballs.core}`, '@auspex/sdk': `file:${tarballs.sdk}` },
    devDependencies: { vite: '8.4.0' },
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>shop</title><script type="module" src="/src/main.ts"></script>\n')
  writeFileSync(join(dir, 'src/main.ts'), MAIN)
  writeFileSync(join(dir, 'public/model.json'), JSON.stringify(artifact))
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], strict: true, noEmit: true, types: [] },
    include: ['src'],
  }, null, 2))
  // the registry is reachable; --prefer-offline takes Vite from npm's cache once it has been fetched
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir, 180_000)
}
