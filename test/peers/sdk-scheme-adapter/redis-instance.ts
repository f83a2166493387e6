// SPDX-License-Identifier: Apache-2.0
// A private redis-server for one sdk-scheme-adapter (its cache of transfers, quotes and pub/sub for sync
// answers): Debian's binary on a free loopback port, nothing written to disk.
import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { freePort, stopChild } from './processes.js';

export interface RedisInstance {
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  stop(): Promise<void>;
}

/** Starts redis-server and resolves once it answers PING; rejects after `timeoutMs` (default 10 000 ms). */
export async function startRedis(timeoutMs = 10_000): Promise<RedisInstance> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise<never>((_resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server on port ${port} exited with ${code}`)));
  });
  exited.catch(() => undefined);
  const deadline = Date.now() + timeoutMs;
  while (!(await Promise.race([pong(port), exited]))) {
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

/** True when a RESP PING on `port` is answered +PONG. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port, timeout: 500 });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => { socket.destroy(); resolve(data.toString().startsWith('+PONG')); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}
