/** Types of the Worker under test for `cloudflare:workers` (`env`, `exports`). */
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('../src/index.ts')
  }
  interface Env extends import('../src/env.ts').Env {}
}
