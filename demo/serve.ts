/**
 * Serves the demo with Vite's dev server (programmatic `createServer`), `/v1` proxied to the local edge
 * and the dev routes of {@link auspexDemo}. Used by `pnpm start`.
 */
import { join } from 'node:path'
import { createServer, type ViteDevServer } from 'vite'
import { auspexDemo, type AuspexDemoOptions } from './vite-plugin-auspex.ts'

export interface DemoServer {
  url: string
  close(): Promise<void>
}

/** Starts the demo on `port` (the next free one if busy) and resolves with its URL. */
export async function startDemoServer(options: AuspexDemoOptions & { port: number }): Promise<DemoServer> {
  const root = import.meta.dirname
  const server: ViteDevServer = await createServer({
    configFile: join(root, 'vite.config.ts'),
    root,
    logLevel: 'warn',
    clearScreen: false,
    plugins: [auspexDemo(options)],
    server: {
      host: '127.0.0.1',
      port: options.port,
      strictPort: false,
      // a demo, not a dev loop: no HMR socket (it would also log errors when the page goes offline)
      hmr: false,
      proxy: { '/v1': { target: options.edgeUrl, changeOrigin: true } },
    },
  })
  await server.listen()
  const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${options.port}/`
  return { url: url.replace(/\/$/, ''), close: () => server.close() }
}
