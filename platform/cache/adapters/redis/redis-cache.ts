// SPDX-License-Identifier: Apache-2.0
import { redactUrl } from '../../../errors/lango-error.js';
import type { Logger } from '../../../log/logger.js';
import { checkTtl, type Cache, type CounterWindow } from '../../cache.js';
import { connectRedis, unavailable, type RedisConnection } from './redis-client.js';

export interface RedisCacheSettings {
  /** `redis://[:password@]host:port[/db]` or `rediss://…` for TLS. */
  url: string;
  /** Namespace put before every key (`lango:`), so deployments, tenants and test runs sharing a server never collide. */
  prefix: string;
  /** Default 2 000 ms. */
  connectTimeoutMs?: number | undefined;
  /** Default 2 000 ms: a rate-limit check or replay check must not hold a request longer than that. */
  commandTimeoutMs?: number | undefined;
  logger?: Logger | undefined;
}

/** Opens the Redis cache, proving the server answers; throws a one-line StartupError when it does not. */
export async function openRedisCache(settings: RedisCacheSettings): Promise<Cache> {
  const client = await connectRedis({
    url: settings.url,
    connectTimeoutMs: settings.connectTimeoutMs ?? 2_000,
    commandTimeoutMs: settings.commandTimeoutMs ?? 2_000,
    logger: settings.logger,
  });
  return new RedisCache(client, settings.prefix, redactUrl(settings.url));
}

/** Every command is one atomic Redis command or script, so any number of processes may share the keys. */
class RedisCache implements Cache {
  #closed = false;

  constructor(
    private readonly client: RedisConnection,
    private readonly prefix: string,
    private readonly where: string,
  ) {}

  async increment(key: string, windowMs: number): Promise<CounterWindow> {
    const ttl = checkTtl('windowMs', windowMs);
    return this.#run(() => this.client.increment(this.prefix + key, ttl));
  }

  async rememberOnce(key: string, ttlMs: number): Promise<boolean> {
    const ttl = checkTtl('ttlMs', ttlMs);
    // SET NX answers OK to exactly one caller, however many race for the same key.
    return this.#run(async () => (await this.client.set(this.prefix + key, '1', { condition: 'NX', expiration: { type: 'PX', value: ttl } })) === 'OK');
  }

  async get(key: string): Promise<string | undefined> {
    return this.#run(async () => (await this.client.get(this.prefix + key)) ?? undefined);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    const ttl = checkTtl('ttlMs', ttlMs);
    return this.#run(async () => {
      await this.client.set(this.prefix + key, value, { expiration: { type: 'PX', value: ttl } });
    });
  }

  async delete(key: string): Promise<boolean> {
    return this.#run(async () => (await this.client.del(this.prefix + key)) > 0);
  }

  async ping(): Promise<void> {
    return this.#run(async () => {
      await this.client.ping();
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // close() lets commands in flight finish; when the server is gone there is nothing to wait for.
    if (this.client.isReady) await this.client.close().catch(() => this.client.destroy());
    else this.client.destroy();
  }

  async #run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw unavailable(this.where, error);
    }
  }
}
