// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cache } from './cache.js';

/** The Redis server the tests use; without it the Redis cases are reported as skipped, with the reason. */
export const testRedis = {
  url: process.env.LANGO_TEST_REDIS_URL,
  skip: process.env.LANGO_TEST_REDIS_URL ? false : 'LANGO_TEST_REDIS_URL is not set',
} as const;

/** A namespace no other test run uses, so runs against one shared Redis never see each other's keys. */
export function uniquePrefix(): string {
  return `lango-test:${randomUUID()}:`;
}

export type OpenCache = (prefix: string) => Promise<Cache>;

/**
 * What every Cache adapter must do, run once per adapter. Windows and TTLs are a few hundred ms so the
 * suite stays fast yet far above timer and network jitter.
 */
export function cacheContract(adapter: string, open: OpenCache, skip: string | false = false): void {
  async function fresh(t: TestContext): Promise<Cache> {
    const cache = await open(uniquePrefix());
    t.after(() => cache.close());
    return cache;
  }

  describe(`Cache contract: ${adapter}`, () => {
    it('counts increments within a window and starts again after it', { skip }, async (t) => {
      const cache = await fresh(t);
      const first = await cache.increment('rate:a', 300);
      assert.equal(first.count, 1);
      assert.ok(first.resetInMs > 0 && first.resetInMs <= 300, `resetInMs ${first.resetInMs}`);
      assert.equal((await cache.increment('rate:a', 300)).count, 2);
      const third = await cache.increment('rate:a', 300);
      assert.equal(third.count, 3);
      assert.ok(third.resetInMs <= first.resetInMs, 'a later increment does not extend the window');
      assert.equal((await cache.increment('rate:b', 300)).count, 1, 'keys count separately');
      await sleep(350);
      assert.equal((await cache.increment('rate:a', 300)).count, 1);
    });

    it('gives 50 concurrent increments the counts 1 to 50, each exactly once', { skip }, async (t) => {
      const cache = await fresh(t);
      const windows = await Promise.all(Array.from({ length: 50 }, () => cache.increment('rate:burst', 5_000)));
      const counts = windows.map((window) => window.count).sort((a, b) => a - b);
      assert.deepEqual(counts, Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it('remembers a key once: true, then false for the replay, then true after the ttl', { skip }, async (t) => {
      const cache = await fresh(t);
      assert.equal(await cache.rememberOnce('jti:1', 300), true);
      assert.equal(await cache.rememberOnce('jti:1', 300), false);
      assert.equal(await cache.rememberOnce('jti:2', 300), true, 'another key is not a replay');
      await sleep(350);
      assert.equal(await cache.rememberOnce('jti:1', 300), true);
    });

    it('lets exactly one of concurrent callers remember the same key', { skip }, async (t) => {
      const cache = await fresh(t);
      const answers = await Promise.all(Array.from({ length: 20 }, () => cache.rememberOnce('nonce:x', 5_000)));
      assert.equal(answers.filter(Boolean).length, 1);
    });

    it('sets, gets, replaces and deletes values, which expire after their ttl', { skip }, async (t) => {
      const cache = await fresh(t);
      assert.equal(await cache.get('state:1'), undefined);
      await cache.set('state:1', 'one', 5_000);
      assert.equal(await cache.get('state:1'), 'one');
      await cache.set('state:1', 'uno', 300);
      assert.equal(await cache.get('state:1'), 'uno');
      await cache.set('state:2', 'two', 5_000);
      assert.equal(await cache.delete('state:2'), true);
      assert.equal(await cache.delete('state:2'), false, 'only the first delete finds the key');
      assert.equal(await cache.get('state:2'), undefined);
      await sleep(350);
      assert.equal(await cache.get('state:1'), undefined);
    });

    it('keeps namespaces apart', { skip }, async (t) => {
      const one = await fresh(t);
      const other = await fresh(t);
      await one.set('shared', 'mine', 5_000);
      assert.equal(await other.get('shared'), undefined);
      assert.equal((await one.increment('rate', 5_000)).count, 1);
      assert.equal((await other.increment('rate', 5_000)).count, 1);
    });

    it('answers ping, rejects expiries under 1 ms, and closes twice without error', { skip }, async () => {
      const cache = await open(uniquePrefix());
      await cache.ping();
      await assert.rejects(() => cache.increment('rate', 0), RangeError);
      await assert.rejects(() => cache.set('state', 'x', Number.NaN), RangeError);
      await cache.close();
      await cache.close();
    });
  });
}
