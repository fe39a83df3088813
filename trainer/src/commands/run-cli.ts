import { describeError } from './args.ts'
import { CliError } from './cli-error.ts'
import { evaluateCommand } from './evaluate.ts'
import { jobCommand } from './job.ts'
import type { CliIo } from './io.ts'
import { loadModelApi, type ModelApi } from './model-api.ts'
import { publishCommand } from './publish.ts'
import { retrainCommand } from './retrain.ts'
import { scoreCommand } from './score.ts'
import { segmentsCommand } from './segments.ts'
import { shardCommand } from './shard.ts'
import { trainCommand } from './train.ts'
import { didYouMean } from './did-you-mean.ts'
import trainerPackage from '../../package.json' with { type: 'json' }

const USAGE = `auspex — train, score, evaluate and publish Customer-AI-style propensity models

Usage: auspex <command> [flags]   (auspex <command> --help for its flags; auspex --version)

Commands:
  train      --events FILE… --goal FILE --out DIR   train a model, write model.json, metrics.json, report.html
  score      --model DIR… --events FILE… --out FILE  score every eligible profile (.csv or .jsonl), --segments FILE adds a segments column
  segments   --scores FILE [--segments FILE]         per segment: size, share, mean score per goal, top factors
  evaluate   --model DIR --events FILE… --as-of ISO  metrics of a model at a past cut-off; a second --model compares B with A
  publish    --model DIR --endpoint URL              upload to the edge (AUSPEX_TOKEN), --activate to serve it
             (refused below the goal's quality floors unless --force);
             --segments FILE publishes segment rules
  retrain    --events FILE… --goal FILE --endpoint URL  challenger vs the edge's active model on the latest
             complete window; publishes the all-data model when not worse (--dry-run, --force)
  shard      --events FILE… --out DIR [--shards N]   cut an export into shards of whole profiles (docs/shard-format.md);
             every --events takes the folder; train and score run shards on --workers N threads
  job        --endpoint URL --id ID [--out FILE]      a queues-engine job's status (score --engine queues); --out
             gathers its results after a crash and deletes it
`

const COMMANDS = ['train', 'score', 'segments', 'evaluate', 'publish', 'retrain', 'shard', 'job']

/**
 * Runs the `auspex` CLI on `argv` (without node and script). Errors are printed on stderr (as JSON on
 * stdout with `--json`); returns the exit code: 0 ok, 1 failure, 2 usage error.
 */
export async function runCli(argv: string[], io: CliIo, api: () => Promise<ModelApi> = loadModelApi): Promise<number> {
  const [command, ...rest] = argv
  const json = rest.includes('--json')
  try {
    switch (command) {
      case 'train': return await trainCommand(rest, io, api)
      case 'score': return await scoreCommand(rest, io, api)
      case 'segments': return await segmentsCommand(rest, io)
      case 'shard': return await shardCommand(rest, io)
      case 'evaluate': return await evaluateCommand(rest, io, api)
      case 'publish': return await publishCommand(rest, io)
      case 'retrain': return await retrainCommand(rest, io, api)
      case 'job': return await jobCommand(rest, io)
      case '--version': case '-V': case 'version':
        io.stdout(`auspex ${trainerPackage.version}\n`)
        return 0
      case undefined: case '--help': case '-h': case 'help':
        io.stdout(USAGE)
        return command === undefined ? 2 : 0
      default: {
        const guess = didYouMean(command, COMMANDS)
        throw new CliError('USAGE', `unknown command "${command}"${guess ? ` (did you mean ${guess}?)` : ''}; valid commands: ${COMMANDS.join(', ')} (auspex --help)`)
      }
    }
  } catch (error) {
    const { code, message } = describeError(error)
    if (json) io.stdout(JSON.stringify({ ok: false, error: { code, message } }) + '\n')
    io.stderr(`auspex ${command ?? ''}: error ${code}: ${message}\n`)
    return code === 'USAGE' ? 2 : 1
  }
}
