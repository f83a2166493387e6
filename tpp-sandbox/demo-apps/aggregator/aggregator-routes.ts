// SPDX-License-Identifier: Apache-2.0
// Placeholder: the demo aggregator is being written.
import type { FastifyInstance } from 'fastify';
import type { DemoAppOptions } from '../index.js';

export async function aggregatorRoutes(server: FastifyInstance, _options: DemoAppOptions): Promise<void> {
  server.get('/demo/aggregator/', async (_request, reply) => reply.type('text/plain').send('coming soon'));
}
