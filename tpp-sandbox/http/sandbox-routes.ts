// SPDX-License-Identifier: Apache-2.0
import type { FastifyInstance } from 'fastify';
import type { NotificationOutbox } from '../../hub/index.js';
import type { DemoClient } from '../demo-clients.js';
import { buildManifest, type ListenerUrls } from '../manifest.js';
import type { SandboxDirectory } from '../sandbox-directory.js';

export interface SandboxRoutesOptions {
  directory: SandboxDirectory;
  /** Read per request: URLs are known only once every listener has bound its port. */
  urls: () => ListenerUrls;
  /** PEM of the CA that signs the TLS listener's certificate, when this process serves TLS. */
  caCertificatePem: string | undefined;
  /** The demo OAuth clients, published with their keys. */
  demoClients?: readonly DemoClient[];
  /** The hub's notification outbox, when the hub runs in this process. */
  outbox?: NotificationOutbox;
}

/** `GET /sandbox/manifest.json` and `GET /sandbox/ca.pem` on the public listeners. */
export async function sandboxRoutes(server: FastifyInstance, options: SandboxRoutesOptions): Promise<void> {
  server.get('/sandbox/manifest.json', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return buildManifest(options.directory, options.urls(), options.demoClients);
  });
  const outbox = options.outbox;
  if (outbox) {
    server.get<{ Querystring: { recipient?: string; limit?: string } }>('/sandbox/outbox', async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      const limit = Number(request.query.limit ?? 50);
      const messages = await outbox.list({ ...(request.query.recipient && { recipient: request.query.recipient }), limit: Number.isInteger(limit) && limit > 0 ? limit : 50 });
      return { messages: messages.map((message) => ({ ...message, createdAt: new Date(message.createdAt).toISOString() })) };
    });
  }
  if (options.caCertificatePem) {
    const pem = options.caCertificatePem;
    server.get('/sandbox/ca.pem', async (_request, reply) => reply.type('application/x-pem-file').send(pem));
  }
}
