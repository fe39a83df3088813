import { parseArgs } from 'node:util'
import { AuspexError, parseIsoTimestamp, toEpochMs } from '@auspex/core'
import { CliError } from './cli-error.ts'
import { CodedError } from '../coded-error.ts'
import { didYouMean } from './did-you-mean.ts'

/** One flag of a command: its parseArgs type, whether it repeats, and its help line. */
export interface FlagSpec {
  type: 'string' | 'boolean'
  multiple?: boolean
  required?: boolean
  help: string
  value?: string
}

export type Flags = Record<string, FlagSpec>
export type ParsedFlags = Record<string, string | boolean | string[] | undefined>

/** Help text of a command from its flags. */
export function helpText(command: string, summary: string, flags: Flags): string {
  const lines = [`auspex ${command} — ${summary}`, '', 'Flags:']
  for (const [name, f] of Object.entries({ ...flags, help: { type: 'boolean', help: 'show this help' } as FlagSpec })) {
    const left = `  --${name}${f.type === 'string' ? ` ${f.value ?? 'VALUE'}` : ''}${f.multiple ? ' …' : ''}`
    lines.push(`${left.padEnd(30)} ${f.help}${f.required ? ' (required)' : ''}`)
  }
  return lines.join('\n') + '\n'
}

/**
 * Parses a command's argv with `node:util` `parseArgs` (strict). Unknown flags, missing values and
 * missing required flags raise a USAGE error naming the flag and listing the valid ones.
 * @returns the flags, or `'help'` when `--help` was given
 */
export function parseFlags(command: string, argv: string[], flags: Flags): ParsedFlags | 'help' {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = { help: { type: 'boolean' } }
  for (const [name, f] of Object.entries(flags)) options[name] = f.multiple ? { type: f.type, multiple: true } : { type: f.type }
  const valid = Object.keys(options).map((n) => `--${n}`).join(', ')
  let values: ParsedFlags
  try {
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as ParsedFlags
  } catch (cause) {
    const message = (cause as Error).message
    const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1]
    if (/Unknown option/i.test(message)) {
      const guess = flag === undefined ? undefined : didYouMean(flag.replace(/^-+/, ''), Object.keys(options))
      throw new CliError('USAGE', `auspex ${command}: unknown flag ${flag ?? ''}${guess ? ` (did you mean --${guess}?)` : ''}; valid flags: ${valid}`, { cause })
    }
    if (/Unexpected argument/i.test(message)) throw new CliError('USAGE', `auspex ${command}: unexpected argument ${flag ?? message.split("'")[1] ?? ''}; values go after a flag (e.g. --events FILE); valid flags: ${valid}`, { cause })
    throw new CliError('USAGE', `auspex ${command}: ${message}; valid flags: ${valid}`, { cause })
  }
  if (values.help) return 'help'
  for (const [name, f] of Object.entries(flags)) {
    if (f.required && (values[name] === undefined || (Array.isArray(values[name]) && (values[name] as string[]).length === 0))) {
      throw new CliError('USAGE', `auspex ${command}: --${name} is required (${f.help}); see auspex ${command} --help`)
    }
  }
  return values
}

/** Reads an ISO 8601 flag value to epoch ms. @throws CliError USAGE naming the flag */
export function isoFlag(command: string, name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const ms = /^\d+$/.test(value) ? toEpochMs(value) : parseIsoTimestamp(value)
  if (Number.isNaN(ms)) throw new CliError('USAGE', `auspex ${command}: --${name} ${value}: expected an ISO 8601 time such as 2011-09-01 or 2011-09-01T00:00:00Z`)
  return ms
}

/** Reads an integer flag value. @throws CliError USAGE naming the flag */
export function intFlag(command: string, name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n)) throw new CliError('USAGE', `auspex ${command}: --${name} ${value}: expected an integer`)
  return n
}

/** Turns any thrown value into a one-line message with its code, for stderr. */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof CodedError || error instanceof AuspexError) return { code: error.code, message: error.message }
  if (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' && error instanceof Error) {
    return { code: (error as unknown as { code: string }).code, message: error.message }
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) }
}
