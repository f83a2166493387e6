// SPDX-License-Identifier: Apache-2.0
// The developer portal under /portal on the public listener: pages (HTML forms) and the same operations as a JSON
// API under /portal/api/v1, whose errors are RFC 9457 problem details with the domain's `reason`.
import type { FastifyInstance } from 'fastify';
import { acceptUrlEncodedForms } from '../../../platform/http/index.js';
import { accountRoutes } from './account-routes.js';
import { applicationRoutes } from './application-routes.js';
import { insightRoutes } from './insight-routes.js';
import type { PortalDeps } from './portal-context.js';
import { referenceRoutes } from './reference-routes.js';
import { teamSandboxRoutes } from './team-sandbox-routes.js';

/** Largest form or JSON body the portal takes: a CSR or a JWKS with some keys. */
const BODY_LIMIT_BYTES = 64 * 1024;

/** Mounts the portal's pages and API (an encapsulated plugin: its form parser stays inside). */
export async function portalRoutes(server: FastifyInstance, deps: PortalDeps): Promise<void> {
  await server.register(async (portal) => {
    acceptUrlEncodedForms(portal, BODY_LIMIT_BYTES);
    await referenceRoutes(portal, deps);
    await accountRoutes(portal, deps);
    await applicationRoutes(portal, deps);
    await insightRoutes(portal, deps);
    await teamSandboxRoutes(portal, deps);
  });
}
