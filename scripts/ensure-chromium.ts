/**
 * Finds a Chromium for the browser and end-to-end tests, or installs Debian's `chromium` when running as root.
 * Fails loudly (exit 1) when neither works: browser tests are never skipped silently.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CANDIDATES = [process.env.AUSPEX_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p)

export function findChromium(): string | undefined {
  return CANDIDATES.find((p) => existsSync(p))
}

export function ensureChromium(): string {
  const found = findChromium()
  if (found) return found
  if (process.getuid?.() !== 0) {
    throw new Error('Chromium not found (looked at $AUSPEX_CHROMIUM, /usr/bin/chromium). Install it: `sudo apt-get install -y chromium`, or set AUSPEX_CHROMIUM to its path.')
  }
  console.log('chromium: not found; installing Debian chromium with apt-get (about 30 s)…')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  spawnSync('apt-get', ['update'], { stdio: 'inherit', env })
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env })
  const after = findChromium()
  if (install.status !== 0 || !after) throw new Error('apt-get install chromium failed; browser tests cannot run. Install Debian chromium and retry.')
  return after
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const path = ensureChromium()
    console.log(`chromium: ${path} (${execFileSync(path, ['--version']).toString().trim()})`)
  } catch (error) {
    console.error(`chromium: ${(error as Error).message}`)
    process.exit(1)
  }
}
