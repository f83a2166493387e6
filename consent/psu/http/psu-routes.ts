// SPDX-License-Identifier: Apache-2.0
import type { FastifyInstance } from 'fastify';
import type { PsuDeps } from '../psu-deps.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { interactionRoutes } from './interaction-routes.js';
import { acceptForms } from './page-reply.js';

export interface PsuRoutesOptions {
  deps: PsuDeps;
  /** Lifetime of a dashboard session, in seconds. */
  sessionTtlSeconds: number;
}

/** `/psu/...`: the authorisation's interaction pages and the consent dashboard (one encapsulated plugin). */
export async function psuRoutes(server: FastifyInstance, options: PsuRoutesOptions): Promise<void> {
  acceptForms(server);
  await interactionRoutes(server, options.deps);
  await dashboardRoutes(server, options.deps, options.sessionTtlSeconds);
}
