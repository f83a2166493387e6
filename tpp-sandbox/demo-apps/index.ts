// SPDX-License-Identifier: Apache-2.0
// The deck's two demo apps, served by the sandbox role on the public listener. They use Lango only through its
// public APIs (the manifest, /oauth, /v1 over mTLS, the channel API), so they double as reference code.
import type { FastifyInstance } from 'fastify';
import type { ListenerUrls } from '../manifest.js';
import { aggregatorRoutes } from './aggregator/aggregator-routes.js';
import { walletRoutes } from './wallet/wallet-routes.js';

export interface DemoAppOptions {
  /** Read per request: URLs are known only once every listener has bound its port. */
  urls: () => ListenerUrls;
  /** PEM of the sandbox CA that signed the TLS listener's certificate (the aggregator calls /v1 over mTLS). */
  caCertificatePem: string | undefined;
}

/** Where each demo app lives on the public listener. */
export const DEMO_APP_PATHS = { aggregator: '/demo/aggregator/', wallet: '/demo/wallet/' } as const;

/** Mounts both demo apps. */
export async function demoAppRoutes(server: FastifyInstance, options: DemoAppOptions): Promise<void> {
  await server.register(aggregatorRoutes, options);
  await server.register(walletRoutes, options);
}
