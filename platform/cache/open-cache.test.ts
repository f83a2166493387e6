// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StartupError } from '../errors/lango-error.js';
import { testRedis, uniquePrefix } from './cache.contract.js';
import { MemoryCache, openCache } from './index.js';

describe('openCache', () => {
  it('keeps the cache in process when no Redis URL is configured', async () => {
    const cache = await openCache({ redisUrl: undefined, prefix: 'lango:' });
    assert.ok(cache instanceof MemoryCache);
    await cache.close();
  });

  it('uses Redis when a URL is configured, so two processes share their replay cache', { skip: testRedis.skip }, async () => {
    const prefix = uniquePrefix();
    const [one, two] = await Promise.all([openCache({ redisUrl: testRedis.url, prefix }), openCache({ redisUrl: testRedis.url, prefix })]);
    try {
      assert.ok(!(one instanceof MemoryCache));
      assert.equal(await one.rememberOnce('dpop:jti:abc', 5_000), true);
      assert.equal(await two.rememberOnce('dpop:jti:abc', 5_000), false);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('does not fall back to memory when the configured Redis is down', async () => {
    await assert.rejects(openCache({ redisUrl: 'redis://127.0.0.1:1', prefix: 'lango:' }), StartupError);
  });
});
