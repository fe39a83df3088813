/**
 * One `pnpm start` at a time: a lock file with the PID (and, once known, the URLs) under the state dir.
 * A stale lock (its process gone) is taken over silently.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export interface LockInfo {
  pid: number
  startedAt: string
  urls?: Record<string, string>
}

/** Whether a process with this PID exists (and is not a zombie we could signal). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The lock's holder when another live process holds it, else `null`. */
export function readLock(file: string): LockInfo | null {
  if (!existsSync(file)) return null
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as LockInfo
    return typeof info.pid === 'number' && info.pid !== process.pid && isAlive(info.pid) ? info : null
  } catch {
    return null
  }
}

/** Takes the lock; returns the current holder instead when another live `pnpm start` has it. */
export function acquireLock(file: string): { ok: true } | { ok: false; holder: LockInfo } {
  const holder = readLock(file)
  if (holder) return { ok: false, holder }
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() } satisfies LockInfo))
  return { ok: true }
}

/** Records the URLs in the lock so a second `pnpm start` can print them. */
export function updateLock(file: string, urls: Record<string, string>): void {
  const info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString(), urls }
  writeFileSync(file, JSON.stringify(info))
}

/** Removes the lock if this process holds it. */
export function releaseLock(file: string): void {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as LockInfo
    if (info.pid === process.pid) rmSync(file, { force: true })
  } catch {
    // no lock, or unreadable: nothing of ours to remove
  }
}
