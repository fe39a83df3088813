/**
 * The few web APIs the shard worker uses, typed here and read from `globalThis`: the package's lib is ES2022 only
 * (no DOM, no Node types), and Node ≥ 18 and workerd both provide them.
 */
export interface ByteReader {
  read(): Promise<{ done: boolean; value?: Uint8Array | undefined }>
}
export interface ByteStream {
  pipeThrough(transform: { writable: unknown; readable: unknown }): ByteStream
  getReader(): ByteReader
}
interface Web {
  ReadableStream: new (source: { start(controller: { enqueue(chunk: Uint8Array): void; close(): void }): void }) => ByteStream
  CompressionStream: new (format: 'gzip') => { writable: unknown; readable: unknown }
  DecompressionStream: new (format: 'gzip') => { writable: unknown; readable: unknown }
  TextEncoder: new () => { encode(text: string): Uint8Array }
  TextDecoder: new (label?: string, options?: { fatal?: boolean }) => { decode(bytes: Uint8Array): string }
  crypto: { subtle: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> } }
}

export const web = globalThis as unknown as Web
