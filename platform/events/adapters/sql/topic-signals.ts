// SPDX-License-Identifier: Apache-2.0

/**
 * Wakes idle subscribers of a topic as soon as an append in this process commits, so delivery inside one
 * process does not wait for the poll interval. Appends from other processes are still found by polling.
 */
export class TopicSignals {
  readonly #versions = new Map<string, number>();
  readonly #waiters = new Map<string, Set<() => void>>();

  /** A number that changes whenever the topic gets records; read it before looking for records. */
  version(topic: string): number {
    return this.#versions.get(topic) ?? 0;
  }

  notify(topic: string): void {
    this.#versions.set(topic, this.version(topic) + 1);
    const waiters = this.#waiters.get(topic);
    this.#waiters.delete(topic);
    for (const wake of waiters ?? []) wake();
  }

  /**
   * Resolves after `ms` milliseconds, when the topic gets records, or when `abort` fires; at once when the
   * topic changed after `since` was read (an append that landed while the caller was reading is not missed).
   */
  wait(topic: string, since: number, ms: number, abort: AbortSignal): Promise<void> {
    if (this.version(topic) !== since || abort.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const waiters = this.#waiters.get(topic) ?? new Set();
      this.#waiters.set(topic, waiters);
      const done = (): void => {
        clearTimeout(timer);
        waiters.delete(done);
        abort.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiters.add(done);
      abort.addEventListener('abort', done, { once: true });
    });
  }
}
