// SPDX-License-Identifier: Apache-2.0

/**
 * One queue per (topic, group) in this process: two subscriptions of the same group take turns, so a batch is
 * never handled by both at once. Across processes the PostgreSQL row lock takes over (see deliver-batch.ts).
 */
export class GroupLocks {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(topic: string, group: string, task: () => Promise<T>): Promise<T> {
    const id = `${topic}\u0000${group}`;
    const result = (this.#tails.get(id) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(id, tail);
    // Forget an idle queue so the map does not keep every group ever seen.
    void tail.then(() => {
      if (this.#tails.get(id) === tail) this.#tails.delete(id);
    });
    return result;
  }
}
