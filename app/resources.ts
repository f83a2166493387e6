// SPDX-License-Identifier: Apache-2.0
import type { Logger } from '../platform/log/index.js';

/** What start-up opened, closed in reverse order on shutdown or when a later step of start-up fails. */
export class Resources {
  readonly #closers: { name: string; close: () => Promise<void> }[] = [];

  constructor(private readonly logger: Logger) {}

  /** Remembers how to close something just opened; returns the thing for chaining. */
  add<T>(name: string, value: T, close: (value: T) => Promise<void>): T {
    this.#closers.push({ name, close: () => close(value) });
    return value;
  }

  /** Closes everything, newest first; a failing close is logged and does not stop the others. */
  async closeAll(): Promise<boolean> {
    let clean = true;
    for (const { name, close } of this.#closers.splice(0).reverse()) {
      try {
        await close();
        this.logger.debug({ resource: name }, 'closed');
      } catch (error) {
        clean = false;
        this.logger.error({ err: error, resource: name }, 'close failed');
      }
    }
    return clean;
  }
}
