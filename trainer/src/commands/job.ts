import { CliError } from './cli-error.ts'
import { helpText, parseFlags, type Flags } from './args.ts'
import { formatCount, progressPrinter, type CliIo } from './io.ts'
import { checkOutPath } from './out-path.ts'
import { printScoreSummary, writeScoreFile } from './score-output.ts'
import { readSegmentsFile, type SegmentsFile } from './segments-file.ts'
import type { JobStatus } from '../queues/job-client.ts'
import { jobPart, queuesClient, waitForJob } from '../queues/job-run.ts'
import type { ScoreTask } from '@auspex/shard'

export const JOB_FLAGS: Flags = {
  endpoint: { type: 'string', required: true, value: 'URL', help: 'the edge that runs the job (token from AUSPEX_TOKEN)' },
  id: { type: 'string', required: true, value: 'ID', help: 'the job id auspex score --engine queues printed' },
  out: { type: 'string', value: 'FILE', help: 'wait for the job, gather its scores into this .csv or .jsonl (as auspex score would) and delete the job' },
  segments: { type: 'string', value: 'FILE', help: 'with --out: segment rules, adds a segments column' },
  'allow-insecure-http': { type: 'boolean', help: 'allow a plain http:// --endpoint on another machine' },
  json: { type: 'boolean', help: 'print one JSON document on stdout; no progress' },
}

function describeStatus(s: JobStatus): string {
  const c = s.counts
  const lines = [`job ${s.id} (${s.kind}): ${s.state}; shards: ${c.done} done, ${c.running} running, ${c.queued} queued, ${c.uploaded} uploaded, ${c.failed} failed` +
    ` of ${formatCount(s.shards.length)}; expires ${s.expiresAt}`]
  if (s.error) lines.push(`  error: ${s.error}`)
  for (const shard of s.shards.filter((x) => x.state === 'failed' || x.attempts > 1)) {
    lines.push(`  shard ${shard.shard}: ${shard.state} after ${shard.attempts} attempts${shard.error ? ` (last error: ${shard.error})` : ''}`)
  }
  return lines.join('\n') + '\n'
}

/**
 * `auspex job`: a queues-engine job's status; with `--out`, waits for it, writes its scores exactly as `auspex score`
 * would have (the resume after a CLI crash) and deletes it. A failed job is a `JOB_FAILED` error naming the shard.
 */
export async function jobCommand(argv: string[], io: CliIo): Promise<number> {
  const flags = parseFlags('job', argv, JOB_FLAGS)
  if (flags === 'help') { io.stdout(helpText('job', 'show a queues-engine job, or gather its results (--out)', JOB_FLAGS)); return 0 }
  const json = flags.json === true
  const out = flags.out as string | undefined
  const format = out === undefined ? undefined : /\.csv$/i.test(out) ? 'csv' : /\.jsonl$/i.test(out) ? 'jsonl' : null
  if (format === null) throw new CliError('USAGE', `auspex job: --out ${out}: the file name must end in .csv or .jsonl`)
  if (out === undefined && flags.segments !== undefined) throw new CliError('USAGE', 'auspex job: --segments goes with --out')
  if (out !== undefined) await checkOutPath('job', out, 'file')
  const rules: SegmentsFile | undefined = flags.segments === undefined ? undefined : await readSegmentsFile(flags.segments as string)
  const client = queuesClient(io, 'job', flags.endpoint as string, flags['allow-insecure-http'] === true)
  const id = flags.id as string
  const status = await client.status(id)
  if (out === undefined || format === undefined) {
    if (json) io.stdout(JSON.stringify({ ok: status.state !== 'failed', job: status }) + '\n')
    else io.stdout(describeStatus(status))
    if (status.state === 'failed') throw new CliError('JOB_FAILED', `job ${id} failed: ${status.error ?? 'no error recorded'}; delete it and run the command again`)
    return 0
  }
  if (status.kind !== 'score') {
    throw new CliError('USAGE', `auspex job: job ${id} is a training phase (${status.kind}); --out gathers score jobs only (rerun auspex train)`)
  }
  const goals = status.meta.goals ?? []
  const onProgress = progressPrinter(io, json)
  const done = await waitForJob(client, id, onProgress)
  const versions = new Map<string, string>()
  const scored = (async function* () {
    // shard by shard, each in profile id order: the order of the run that was interrupted (engine/score-rows.ts)
    for (const shard of done.shards) {
      for (const p of (await jobPart<ScoreTask>(client, id, shard.shard)).rows) {
        for (const [goal, prediction] of Object.entries(p.predictions)) if (!versions.has(goal)) versions.set(goal, prediction.modelVersion)
        yield p
      }
    }
  })()
  const summary = await writeScoreFile(out, format, goals, scored, rules, onProgress)
  await client.delete(id)
  onProgress.flush()
  printScoreSummary(io, json, goals.map((goal) => ({ goal, version: versions.get(goal) ?? '(no eligible profile)' })), done.meta.asOf ?? 0, summary,
    { rules, warnings: [], out, extra: { job: id } })
  return 0
}
