// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { cacheContract } from '../../cache.contract.js';
import { MemoryCache } from './memory-cache.js';

cacheContract('memory', async (prefix) => new MemoryCache({ prefix }));

describe('MemoryCache', () => {
  it('drops expired entries on its periodic sweep even when nobody reads them again', async () => {
    const cache = new MemoryCache({ prefix: 't:', sweepIntervalMs: 20 });
    try {
      for (let i = 0; i < 100; i++) await cache.rememberOnce(`jti:${i}`, 10);
      await cache.set('kept', 'v', 60_000);
      assert.equal(cache.size, 101);
      await sleep(80);
      assert.equal(cache.size, 1);
    } finally {
      await cache.close();
    }
  });

  it('refuses to increment a key that holds a value, as Redis does', async () => {
    const cache = new MemoryCache({ prefix: 't:' });
    await cache.set('state', 'abc', 1_000);
    await assert.rejects(() => cache.increment('state', 1_000), TypeError);
    await cache.close();
  });
});
