// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { createMetrics } from '../platform/metrics/index.js';
import { healthRoutes } from './health-routes.js';

describe('health routes', () => {
  it('is ready only while accepting traffic and every dependency answers, naming the one that does not', async () => {
    let accepting = true;
    let databaseUp = true;
    const server = Fastify();
    await server.register(healthRoutes, {
      metrics: createMetrics(),
      checks: () => ({ database: async () => { if (!databaseUp) throw new Error('ECONNREFUSED'); }, cache: async () => {} }),
      accepting: () => accepting,
    });
    assert.equal((await server.inject('/health/ready')).statusCode, 200);

    databaseUp = false;
    const down = await server.inject('/health/ready');
    assert.equal(down.statusCode, 503);
    assert.deepEqual(down.json(), { status: 'not ready', checks: { database: { status: 'down', reason: 'ECONNREFUSED' }, cache: { status: 'up' } } });

    databaseUp = true;
    accepting = false;
    assert.equal((await server.inject('/health/ready')).json().status, 'stopping');
    assert.equal((await server.inject('/health/live')).statusCode, 200, 'a draining process is still alive');
  });
});
