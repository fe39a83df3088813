/** Free TCP ports on localhost. */
import { createServer } from 'node:net'

/** Whether `port` can be bound on 127.0.0.1 right now. */
export function isFree(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer()
    server.once('error', () => resolvePromise(false))
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolvePromise(true)))
  })
}

/** `preferred` when free, else the next free port above it (up to 100 tries), else one the OS picks. */
export async function freePort(preferred: number): Promise<number> {
  for (let p = preferred; p < preferred + 100; p++) if (await isFree(p)) return p
  return new Promise((resolvePromise, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolvePromise(address.port) : reject(new Error('no free port'))))
    })
  })
}
