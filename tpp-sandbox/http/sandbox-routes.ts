// SPDX-License-Identifier: Apache-2.0
import type { FastifyInstance } from 'fastify';
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
}

/** `GET /sandbox/manifest.json` and `GET /sandbox/ca.pem` on the public listeners. */
export async function sandboxRoutes(server: FastifyInstance, options: SandboxRoutesOptions): Promise<void> {
  server.get('/sandbox/manifest.json', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return buildManifest(options.directory, options.urls(), options.demoClients);
  });
  if (options.caCertificatePem) {
    const pem = options.caCertificatePem;
    server.get('/sandbox/ca.pem', async (_request, reply) => reply.type('application/x-pem-file').send(pem));
  }
}
