// SPDX-License-Identifier: Apache-2.0
// What a test saw happen (records, job deliveries), in arrival order, with waits that fail by naming what
// never came. Everything the contract asserts is observed this way, through the port only.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a wait lasts before the test fails, in ms: generous, a healthy engine answers in a few. */
export const WAIT_MS = 5_000;
/** How long a test watches for something that must not happen, in ms. */
export const QUIET_MS = 300;

/** A predicate that can say what it looks for, so a failed wait reads as a sentence. */
export interface Matcher<T> {
  (item: T): boolean;
  readonly description: string;
}

export function matcher<T>(description: string, test: (item: T) => boolean): Matcher<T> {
  return Object.assign((item: T) => test(item), { description });
}

interface Waiter<T> {
  readonly matcher: Matcher<T>;
  readonly count: number;
  readonly resolve: (items: T[]) => void;
}

export class Timeline<T> {
  readonly items: T[] = [];
  readonly #waiters = new Set<Waiter<T>>();

  /** `show` renders an item in failure messages; `label` names the timeline (`records`, `jobs of work`). */
  constructor(private readonly label: string, private readonly show: (item: T) => string) {}

  push(...items: T[]): void {
    this.items.push(...items);
    for (const waiter of this.#waiters) {
      const found = this.items.filter(waiter.matcher);
      if (found.length >= waiter.count) {
        this.#waiters.delete(waiter);
        waiter.resolve(found);
      }
    }
  }

  filter(match: Matcher<T> | ((item: T) => boolean)): T[] {
    return this.items.filter(match);
  }

  /** The first item matching, already seen or still to come; fails the test after `timeoutMs`. */
  async waitFor(match: Matcher<T>, timeoutMs = WAIT_MS): Promise<T> {
    const [first] = await this.waitForCount(match, 1, timeoutMs);
    return first!;
  }

  /** The first `count` items matching, in arrival order. */
  waitForCount(match: Matcher<T>, count: number, timeoutMs = WAIT_MS): Promise<T[]> {
    const found = this.items.filter(match);
    if (found.length >= count) return Promise.resolve(found.slice(0, count));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const seen = this.items.filter(match).length;
        reject(new assert.AssertionError({
          message: `timed out after ${timeoutMs} ms waiting for ${count === 1 ? '' : `${count} × `}${match.description} ` +
            `(${seen} seen); last ${this.label}:\n${this.tail()}`,
        }));
      }, timeoutMs);
      const waiter: Waiter<T> = {
        matcher: match,
        count,
        resolve: (items) => {
          clearTimeout(timer);
          resolve(items.slice(0, count));
        },
      };
      this.#waiters.add(waiter);
    });
  }

  /** Watches for `forMs` and fails if anything matching arrived (or had already arrived). */
  async expectNone(match: Matcher<T>, forMs = QUIET_MS): Promise<void> {
    await sleep(forMs);
    const found = this.items.find(match);
    if (found !== undefined) assert.fail(`expected no ${match.description}, but saw ${this.show(found)}`);
  }

  tail(count = 12): string {
    const shown = this.items.slice(-count).map((item) => `  ${this.show(item)}`);
    return shown.length ? shown.join('\n') : '  (none)';
  }
}

/** A promise settled from outside: the outcome of a job the test holds until it decides. */
export class Gate<T> {
  readonly promise: Promise<T>;
  #resolve!: (value: T) => void;
  #open = false;

  constructor() {
    this.promise = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  open(value: T): void {
    this.#open = true;
    this.#resolve(value);
  }

  get isOpen(): boolean {
    return this.#open;
  }
}
