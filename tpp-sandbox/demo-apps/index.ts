// SPDX-License-Identifier: Apache-2.0
// The deck's two demo apps, served by the sandbox role on the public listener. They use Lango only through its
// public APIs (the manifest, /oauth, /v1 over mTLS, the channel API), so they double as reference code.
import type { FastifyInstance } from 'fastify';
import { aggregatorRoutes } from './aggregator/aggregator-routes.js';
import type { DemoAppOptions } from './demo-app-options.js';
import { walletRoutes } from './wallet/wallet-routes.js';

export { DEMO_APP_PATHS, type DemoAppOptions } from './demo-app-options.js';

/** Mounts both demo apps. */
export async function demoAppRoutes(server: FastifyInstance, options: DemoAppOptions): Promise<void> {
  await server.register(aggregatorRoutes, options);
  await server.register(walletRoutes, options);
}
