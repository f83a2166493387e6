// SPDX-License-Identifier: Apache-2.0
// Placeholder: the demo wallet is being written.
import type { FastifyInstance } from 'fastify';
import type { DemoAppOptions } from '../index.js';

export async function walletRoutes(server: FastifyInstance, _options: DemoAppOptions): Promise<void> {
  server.get('/demo/wallet/', async (_request, reply) => reply.type('text/plain').send('coming soon'));
}
