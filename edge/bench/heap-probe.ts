/**
 * `node --max-old-space-size=N --import tsx bench/heap-probe.ts TASK.json SHARD.bin.gz`: runs one shard task (the
 * queue consumer's work: decode, run, encodeResult) in a V8 heap capped at N MiB; exits 0 and prints its CPU ms when
 * it fits. The queues bench calls it with growing N to find the heap a shard needs (Workers give an isolate 128 MB).
 */
import { readFileSync } from 'node:fs'
import { encodeResult, runShard, type ShardTask } from '@auspex/shard'

const [taskFile, shardFile] = process.argv.slice(2)
if (!taskFile || !shardFile) throw new Error('usage: heap-probe.ts TASK.json SHARD.bin.gz')
const task = JSON.parse(readFileSync(taskFile, 'utf8')) as ShardTask
const bytes = new Uint8Array(readFileSync(shardFile))
const started = process.cpuUsage()
const text = encodeResult(await runShard(bytes, shardFile, task))
const cpu = process.cpuUsage(started)
console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, resultBytes: text.length }))
