// SPDX-License-Identifier: Apache-2.0
// Waiting for something asynchronous (a flow, a callback) to show, by reading it again until it does.

/** Reads until `done` holds and returns that value; throws with the last value after `timeoutMs`. */
export async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached in ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
