/** `pnpm edge`: the edge on http://127.0.0.1:8787 (or AUSPEX_EDGE_PORT), offline, state in edge/.wrangler/state. */
import { startLocalEdge } from './local-edge.ts'

const edge = await startLocalEdge({ ...(process.env.AUSPEX_TOKEN ? { token: process.env.AUSPEX_TOKEN } : {}) })
console.log(`auspex edge: ${edge.url}  (health: ${edge.url}/v1/health)`)
console.log(`dev token:   ${edge.token}`)
console.log(`publish:     AUSPEX_TOKEN=${edge.token} pnpm auspex publish --model .auspex/models/purchase-30d --endpoint ${edge.url} --activate`)
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
