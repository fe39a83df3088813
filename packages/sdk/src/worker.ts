/**
 * The module worker: the SDK engine behind comlink. Created by the client with
 * `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`.
 */
import { expose } from 'comlink'
import { createEngine } from './engine.ts'
import { registerErrorTransfer } from './error-transfer.ts'

registerErrorTransfer()
expose(createEngine())
