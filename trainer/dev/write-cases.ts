/**
 * Dev only (not part of `pnpm test`): writes each generated accuracy case as canonical CSV plus a JSON sidecar
 * (goal, cut-off) for `reference_auc.py`, which fits gradient-boosted trees for a reference AUC.
 *   npx tsx trainer/dev/write-cases.ts /tmp/cases && /usr/bin/python3 trainer/dev/reference_auc.py /tmp/cases
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { hourlyClickstreamCase, oneTimeOutcomeCase, repurchaseCase } from '../src/cases/index.ts'

const out = resolve(process.argv[2] ?? '/tmp/auspex-cases')
mkdirSync(out, { recursive: true })
for (const c of [oneTimeOutcomeCase(), hourlyClickstreamCase(), repurchaseCase()]) {
  const rows = ['profileId,timestamp,type,value', ...c.events.map((e) => `${e.profileId},${e.timestamp},${e.type},${e.value ?? ''}`)]
  writeFileSync(join(out, `${c.goal.name}.csv`), `${rows.join('\n')}\n`)
  writeFileSync(join(out, `${c.goal.name}.json`), JSON.stringify({ name: c.name, goal: c.goal, cut: c.cut }, null, 2))
  console.log(`${c.goal.name}: ${c.events.length} events → ${join(out, `${c.goal.name}.csv`)}`)
}
