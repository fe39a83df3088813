/**
 * The trainer's error base: a message that says what is wrong and what to do, and a stable `code` callers
 * (and the CLI's exit status and `--json` output) branch on. Subclasses narrow the code and set `name`.
 */
export class CodedError<Code extends string> extends Error {
  readonly code: Code

  constructor(code: Code, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
  }
}
