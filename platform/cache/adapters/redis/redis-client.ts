// SPDX-License-Identifier: Apache-2.0
import { createClient, defineScript, ErrorReply, type CommandParser } from 'redis';
import { StartupError, UnavailableError, redactUrl } from '../../../errors/lango-error.js';
import type { Logger } from '../../../log/logger.js';
import type { CounterWindow } from '../../cache.js';

/**
 * INCR, then give the key its window when it has none: on the first increment, and also when a key lost its
 * expiry some other way, so a counter can never live forever. Lua keeps the three steps atomic and runs on
 * Redis 6 as well as 7 (PEXPIRE NX needs 7).
 */
const INCREMENT = defineScript({
  SCRIPT: `
    local count = redis.call('INCR', KEYS[1])
    local ttl = redis.call('PTTL', KEYS[1])
    if ttl < 0 then
      ttl = tonumber(ARGV[1])
      redis.call('PEXPIRE', KEYS[1], ttl)
    end
    return {count, ttl}`,
  NUMBER_OF_KEYS: 1,
  parseCommand(parser: CommandParser, key: string, windowMs: number) {
    parser.pushKey(key);
    parser.push(String(windowMs));
  },
  transformReply(reply: unknown): CounterWindow {
    const [count, resetInMs] = reply as [number, number];
    return { count, resetInMs };
  },
});

export interface RedisConnectionSettings {
  url: string;
  /** Limit for connecting, in ms, handshake included: a server that accepts and never answers counts as down. */
  connectTimeoutMs: number;
  /** Limit for any one command, in ms: a command on a dead connection rejects instead of waiting. */
  commandTimeoutMs: number;
  logger?: Logger | undefined;
}

export type RedisConnection = Awaited<ReturnType<typeof connectRedis>>;

/**
 * Connects and proves the server answers, or throws one StartupError line. Start-up does not retry: a wrong
 * URL must stop the process at once rather than loop. Once up, a lost connection is re-established with
 * capped backoff while commands fail fast (no offline queue), so callers see CACHE_UNAVAILABLE, not a hang.
 */
export async function connectRedis(settings: RedisConnectionSettings) {
  const where = redactUrl(settings.url);
  let started = false;
  let client;
  try {
    client = createClient({
      url: settings.url,
      disableOfflineQueue: true,
      commandOptions: { timeout: settings.commandTimeoutMs },
      scripts: { increment: INCREMENT },
      socket: {
        connectTimeout: settings.connectTimeoutMs,
        // 50 ms doubling up to 2 s, with jitter so replicas do not reconnect in lockstep.
        reconnectStrategy: (retries) => (started ? Math.min(50 * 2 ** retries, 2_000) + Math.floor(Math.random() * 100) : false),
      },
    });
  } catch (error) {
    throw new StartupError(`cache URL is not valid: ${where}: ${reasonOf(error)}`, { code: 'CONFIG_INVALID', cause: error });
  }
  watchConnection(client, where, settings.logger, () => started);
  try {
    await withinMs(client.connect(), settings.connectTimeoutMs);
    await client.ping();
  } catch (error) {
    client.destroy();
    throw new StartupError(`cache unreachable at ${where}: ${reasonOf(error)}`, { code: 'CACHE_UNAVAILABLE', cause: error });
  }
  started = true;
  return client;
}

/** The socket's connect timeout stops at TCP; the client's handshake commands have no timeout of their own. */
async function withinMs<T>(operation: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([operation, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** A listener on 'error' is mandatory (an unheard one kills the process); log each outage once, not per retry. */
function watchConnection(client: NodeJS.EventEmitter, where: string, logger: Logger | undefined, started: () => boolean): void {
  let down = false;
  client.on('error', (error: unknown) => {
    if (!started() || down) return;
    down = true;
    logger?.warn({ err: error, cache: where }, 'cache connection lost; reconnecting');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger?.info({ cache: where }, 'cache connection restored');
  });
}

/** Error replies a server gives while it loads, fails over or is out of memory: they pass like an outage. */
const TRANSIENT_REPLY = /^(LOADING|READONLY|MASTERDOWN|BUSY|TRYAGAIN|CLUSTERDOWN|OOM)\b/;

/**
 * Any other error reply is a bug of ours (wrong type, bad argument) and stays as it is; everything else
 * (offline, closed, timed out, socket gone) means the cache cannot be reached right now.
 */
export function unavailable(where: string, error: unknown): unknown {
  if (error instanceof ErrorReply && !TRANSIENT_REPLY.test(error.message)) return error;
  return new UnavailableError('CACHE_UNAVAILABLE', `cache unavailable at ${where}: ${reasonOf(error)}`, { cause: error });
}

/** The errno code when there is one (`ECONNREFUSED`), which is what an operator searches for. */
function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && code) return code;
  return error instanceof Error ? error.message : String(error);
}
