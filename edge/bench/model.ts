/** A realistic model for the bench: `.auspex/models/purchase-30d` when trained, else one trained now (~15 s). */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { EDGE_DIR } from '../scripts/local-edge.ts'

export const ROOT = resolve(EDGE_DIR, '..')

/** The artifact JSON text and where it came from. */
export function benchModel(): { text: string; source: string } {
  const existing = join(ROOT, '.auspex/models/purchase-30d/model.json')
  if (existsSync(existing)) return { text: readFileSync(existing, 'utf8'), source: existing }
  const out = mkdtempSync(join(tmpdir(), 'auspex-edge-bench-'))
  execFileSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'trainer/src/cli.ts'), 'train', '--events', join(ROOT, 'data/online-retail/online_retail.csv.gz'),
    '--goal', join(ROOT, 'goals/purchase-30d.json'), '--out', out, '--max-examples', '20000', '--json'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  const text = readFileSync(join(out, 'model.json'), 'utf8')
  rmSync(out, { recursive: true, force: true })
  return { text, source: 'a model trained for the bench (online retail, --max-examples 20000)' }
}

/** `n` purchase/return events of one profile before 2011-12-01 (a realistic browsing history). */
export function benchEvents(n: number): Array<Record<string, unknown>> {
  const start = Date.UTC(2011, 5, 1)
  return Array.from({ length: n }, (_, i) => ({
    profileId: '17850',
    timestamp: new Date(start + Math.floor((i / n) * 180 * 86_400_000)).toISOString(),
    type: i % 13 === 12 ? 'return' : 'purchase',
    value: 5 + ((i * 37) % 200),
    item: `sku-${i % 40}`,
  }))
}

export const AT = '2011-12-01T00:00:00.000Z'
