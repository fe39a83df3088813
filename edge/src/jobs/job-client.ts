import type { Env } from '../env.ts'
import { EdgeError } from '../errors.ts'
import type { JobAnswers, JobOp, JobRefusal } from './job-protocol.ts'

/**
 * Sends one op to the job's Durable Object (`idFromName(id)`) and returns its typed answer.
 * @throws {EdgeError} the object's refusal (404 `JOB_NOT_FOUND`, 409 `JOB_STATE`, 400 `INVALID_REQUEST`)
 */
export async function jobCall<O extends JobOp>(env: Env, id: string, op: O): Promise<JobAnswers[O['op']]> {
  const stub = env.JOB_RECORD.get(env.JOB_RECORD.idFromName(id))
  const res = await stub.fetch('https://job/', { method: 'POST', body: JSON.stringify(op) })
  const body = (await res.json()) as JobAnswers[O['op']] | JobRefusal
  if (!res.ok) {
    const { error } = body as JobRefusal
    throw new EdgeError(error.status, error.code, error.message)
  }
  return body as JobAnswers[O['op']]
}
