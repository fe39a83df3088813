import { expose, wrap } from 'comlink'
import { AuspexError } from '@auspex/core'
import { MessageChannel } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { registerErrorTransfer } from './error-transfer.ts'
import { SdkError } from './errors.ts'

describe('errors across comlink', () => {
  it('keep their code and name (SdkError and core AuspexError)', async () => {
    registerErrorTransfer()
    const { port1, port2 } = new MessageChannel()
    expose({
      sdk: () => {
        throw new SdkError('WORKER_UNAVAILABLE', 'no worker')
      },
      core: () => {
        throw new AuspexError('MODEL_HASH_MISMATCH', 'altered')
      },
      plain: () => {
        throw new Error('plain')
      },
    }, port1 as never)
    const remote = wrap<{ sdk(): void; core(): void; plain(): void }>(port2 as never)
    await expect(remote.sdk()).rejects.toMatchObject({ code: 'WORKER_UNAVAILABLE', message: 'no worker', name: 'SdkError' })
    await expect(remote.core()).rejects.toMatchObject({ code: 'MODEL_HASH_MISMATCH', name: 'AuspexError' })
    const plain = await remote.plain().catch((e: unknown) => e)
    expect(plain).toBeInstanceOf(Error)
    expect((plain as { code?: string }).code).toBeUndefined()
    port1.close()
    port2.close()
  })
})
