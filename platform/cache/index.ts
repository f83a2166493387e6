// SPDX-License-Identifier: Apache-2.0
export type { Cache, CounterWindow } from './cache.js';
export { openCache, type CacheSettings } from './open-cache.js';
export { CacheRateLimitStore } from './rate-limit-store.js';
export { MemoryCache, type MemoryCacheSettings } from './adapters/memory/memory-cache.js';
export { openRedisCache, type RedisCacheSettings } from './adapters/redis/redis-cache.js';
