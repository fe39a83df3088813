/**
 * A readers–writer lock for the profile store's Durable Object. A Durable Object runs one request at a time only
 * until it awaits I/O (R2); this lock keeps bucket uploads concurrent with each other (shared) while an erasure,
 * a commit or an abort runs alone (exclusive). Waiters are served in arrival order, so uploads cannot starve an erasure.
 */
export class ReadWriteLock {
  #readers = 0
  #writer = false
  readonly #queue: Array<{ exclusive: boolean; wake: () => void }> = []

  /** Runs `task` alongside other shared tasks, never alongside an exclusive one. */
  async shared<T>(task: () => Promise<T>): Promise<T> {
    if (this.#writer || this.#queue.length > 0) await new Promise<void>((wake) => this.#queue.push({ exclusive: false, wake }))
    else this.#readers++
    try {
      return await task()
    } finally {
      this.#readers--
      this.#drain()
    }
  }

  /** Runs `task` alone. */
  async exclusive<T>(task: () => Promise<T>): Promise<T> {
    if (this.#writer || this.#readers > 0 || this.#queue.length > 0) await new Promise<void>((wake) => this.#queue.push({ exclusive: true, wake }))
    else this.#writer = true
    try {
      return await task()
    } finally {
      this.#writer = false
      this.#drain()
    }
  }

  /** Wakes the next waiters: one exclusive task, or every shared task up to the next exclusive one. */
  #drain(): void {
    while (!this.#writer && this.#queue.length > 0) {
      const next = this.#queue[0]!
      if (next.exclusive) {
        if (this.#readers > 0) return
        this.#queue.shift()
        this.#writer = true
        next.wake()
        return
      }
      this.#queue.shift()
      this.#readers++
      next.wake()
    }
  }
}
