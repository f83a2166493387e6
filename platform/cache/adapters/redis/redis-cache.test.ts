// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { PassThrough } from 'node:stream';
import { LangoError, StartupError } from '../../../errors/lango-error.js';
import { createLogger } from '../../../log/logger.js';
import { cacheContract, testRedis, uniquePrefix } from '../../cache.contract.js';
import { openRedisCache } from './redis-cache.js';

const { url, skip } = testRedis;

cacheContract('redis', (prefix) => openRedisCache({ url: url!, prefix }), skip);

/** A port nothing listens on: bind one, then let it go. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP relay to the test Redis that can be cut and restored, to play a network outage. */
class Relay {
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  constructor(readonly port: number, private readonly target: URL) {}

  async up(): Promise<void> {
    this.#server = createServer((inbound) => {
      const outbound = connect(Number(this.target.port || 6379), this.target.hostname);
      for (const socket of [inbound, outbound]) {
        this.#sockets.add(socket);
        socket.on('error', () => socket.destroy());
        socket.on('close', () => this.#sockets.delete(socket));
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((resolve) => this.#server!.listen(this.port, '127.0.0.1', resolve));
  }

  async down(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise((resolve) => this.#server?.close(resolve));
  }
}

describe('openRedisCache', () => {
  it('stops start-up at once with one line naming the redacted URL and the cause', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await openRedisCache({ url: `redis://:s3cret@127.0.0.1:${port}`, prefix: uniquePrefix() }).then(
      () => assert.fail('opened a cache on a closed port'),
      (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof StartupError);
    assert.equal(error.code, 'CACHE_UNAVAILABLE');
    assert.equal(error.message, `cache unreachable at redis://:***@127.0.0.1:${port}: ECONNREFUSED`);
    assert.ok(Date.now() - started < 1_000, 'no reconnect loop at start-up');
  });

  it('gives up after the connect timeout when the server never answers', async (t) => {
    // Accepts the connection and then says nothing, like a firewall that swallows packets after the handshake.
    const accepted = new Set<Socket>();
    const silent = createServer((socket) => accepted.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    t.after(() => {
      for (const socket of accepted) socket.destroy();
      silent.close();
    });
    const { port } = silent.address() as AddressInfo;
    const started = Date.now();
    await assert.rejects(
      openRedisCache({ url: `redis://127.0.0.1:${port}`, prefix: 'x:', connectTimeoutMs: 300, commandTimeoutMs: 300 }),
      (error: unknown) => error instanceof StartupError && error.message === `cache unreachable at redis://127.0.0.1:${port}: no answer within 300 ms`,
    );
    assert.ok(Date.now() - started < 1_000);
  });

  it('rejects a URL that is not a Redis URL', async () => {
    await assert.rejects(openRedisCache({ url: 'http://127.0.0.1:6379', prefix: 'x:' }), (error: unknown) => error instanceof StartupError && error.code === 'CONFIG_INVALID');
  });

  it('fails operations with CACHE_UNAVAILABLE during an outage and recovers when the server is back', { skip }, async (t) => {
    const relay = new Relay(await freePort(), new URL(url!));
    await relay.up();
    const lines: string[] = [];
    const destination = new PassThrough().on('data', (chunk: Buffer) => lines.push(String(JSON.parse(String(chunk)).msg)));
    const logger = createLogger({ level: 'info', destination });
    const cache = await openRedisCache({ url: `redis://127.0.0.1:${relay.port}`, prefix: uniquePrefix(), commandTimeoutMs: 500, logger });
    t.after(async () => {
      await cache.close();
      await relay.down();
    });
    assert.equal((await cache.increment('rate', 10_000)).count, 1);

    await relay.down();
    const started = Date.now();
    await assert.rejects(cache.increment('rate', 10_000), (error: unknown) => error instanceof LangoError && error.code === 'CACHE_UNAVAILABLE' && error.status === 503);
    await assert.rejects(cache.ping(), (error: unknown) => error instanceof LangoError && error.code === 'CACHE_UNAVAILABLE');
    assert.ok(Date.now() - started < 1_500, 'operations fail fast instead of hanging');

    await relay.up();
    for (let attempt = 0; attempt < 50; attempt++) {
      if (await cache.ping().then(() => true, () => false)) break;
      await sleep(100);
    }
    assert.equal((await cache.increment('rate', 10_000)).count, 2, 'the counter survived the outage on the server');
    assert.deepEqual(lines, ['cache connection lost; reconnecting', 'cache connection restored'], 'one line per outage, not one per retry');
  });
});
