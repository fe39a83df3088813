/** `pnpm edge`: the edge on http://127.0.0.1:8787 (or AUSPEX_EDGE_PORT), offline, state in edge/.wrangler/state. */
import { startLocalEdge } from './local-edge.ts'

const { AUSPEX_TOKEN, AUSPEX_PROFILE_TOKEN, AUSPEX_GRANT_SECRET } = process.env
const edge = await startLocalEdge({
  ...(AUSPEX_TOKEN ? { token: AUSPEX_TOKEN } : {}),
  ...(AUSPEX_PROFILE_TOKEN ? { profileToken: AUSPEX_PROFILE_TOKEN } : {}),
  ...(AUSPEX_GRANT_SECRET ? { grantSecret: AUSPEX_GRANT_SECRET } : {}),
})
const from = (name: string) => (process.env[name] ? '(from the environment)' : '(made for this run)')
console.log(`auspex edge: ${edge.url}  (health: ${edge.url}/v1/health)`)
console.log(`dev token:   ${edge.token}  AUSPEX_TOKEN ${from('AUSPEX_TOKEN')}: publishing models and profiles`)
console.log(`profiles:    ${edge.profileToken}  AUSPEX_PROFILE_TOKEN ${from('AUSPEX_PROFILE_TOKEN')}: GET/POST …/score/DELETE /v1/profiles/:id`)
console.log(`grants:      ${edge.grantSecret}  AUSPEX_GRANT_SECRET ${from('AUSPEX_GRANT_SECRET')}: your backend signs identify grants with it`)
console.log(`publish:     AUSPEX_TOKEN=${edge.token} pnpm auspex publish --model .auspex/models/purchase-30d --endpoint ${edge.url} --activate`)
console.log(`floors:      activations below AUC 0.65 or 500/500 test examples are refused (QUALITY_GATE); for the demo's small models:`)
console.log(`             curl -X PUT ${edge.url}/v1/models/purchase-30d/policy -H 'authorization: Bearer ${edge.token}' -d '{"minAuc":0.6,"minPositives":50,"minNegatives":50}'`)
console.log('Ctrl-C to stop')

let stopping = false
const shutdown = async (signal: string) => {
  if (stopping) return
  stopping = true
  console.log(`\n${signal}: stopping the edge…`)
  await edge.stop()
  process.exit(0)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))
setInterval(() => {}, 1 << 30)
