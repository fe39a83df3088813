// The resolve hook of trace-packages.mjs (module hooks run in their own thread).
const HEAVY = /^@(tensorflow|duckdb)\/[^/]+/

export async function resolve(specifier, context, next) {
  const heavy = HEAVY.exec(specifier)
  if (heavy) process.stderr.write(`package ${heavy[0]}\n`)
  return next(specifier, context)
}
