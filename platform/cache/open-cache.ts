// SPDX-License-Identifier: Apache-2.0
import type { Logger } from '../log/logger.js';
import type { Cache } from './cache.js';
import { MemoryCache } from './adapters/memory/memory-cache.js';
import { openRedisCache } from './adapters/redis/redis-cache.js';

export interface CacheSettings {
  /** `LANGO_REDIS_URL`: share the cache across processes through Redis; absent, each process keeps its own. */
  redisUrl?: string | undefined;
  /** Namespace put before every key (`lango:`). */
  prefix: string;
  /** Hears about Redis connections lost and restored after start-up. */
  logger?: Logger | undefined;
}

/** Opens Redis when a URL is given (a StartupError when it does not answer), the in-process cache otherwise. */
export async function openCache(settings: CacheSettings): Promise<Cache> {
  if (settings.redisUrl) return openRedisCache({ url: settings.redisUrl, prefix: settings.prefix, logger: settings.logger });
  return new MemoryCache({ prefix: settings.prefix });
}
