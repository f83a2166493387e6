// SPDX-License-Identifier: Apache-2.0
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../platform/metrics/index.js';

/** A dependency readiness waits for; resolves when usable, rejects with the reason otherwise. */
export type ReadinessCheck = () => Promise<void>;

export interface HealthRoutesOptions {
  metrics: Metrics;
  checks: () => Readonly<Record<string, ReadinessCheck>>;
  /** False once start-up has not finished or shutdown has begun: the balancer must stop sending traffic. */
  accepting: () => boolean;
}

const CHECK_TIMEOUT_MS = 2_000;

/** Prometheus `/metrics`, `/health/live` and `/health/ready` on the metrics listener. */
export async function healthRoutes(server: FastifyInstance, options: HealthRoutesOptions): Promise<void> {
  server.get('/metrics', async (_request, reply) => reply.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics()));
  server.get('/health/live', async () => ({ status: 'live' }));
  server.get('/health/ready', async (_request, reply) => {
    const results = await Promise.all(Object.entries(options.checks()).map(async ([name, check]) => [name, await probe(check)] as const));
    const checks = Object.fromEntries(results);
    const ready = options.accepting() && results.every(([, result]) => result.status === 'up');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : options.accepting() ? 'not ready' : 'stopping', checks });
  });
}

async function probe(check: ReadinessCheck): Promise<{ status: 'up' | 'down'; reason?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS); })]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', reason: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
