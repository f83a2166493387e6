// SPDX-License-Identifier: Apache-2.0
// The switch on the simulators listener: FSPIOP under /switch (the same routes, checks and JWS verification as
// Lango's scheme listener) and the admin JSON API under /switch/admin. Errors render here, in each API's own
// dialect, so the plugin answers correctly on any listener.
import type { FastifyPluginAsync } from 'fastify';
import { fspiopRoutes, type FspiopKeys, type FspiopRoutesOptions } from '../../../../hub/index.js';
import { sendError } from '../../../../platform/http/index.js';
import { SWITCH_PREFIX } from '../callbacks.js';
import type { SwitchSimulator } from '../switch-api.js';
import { adminRoutes, ADMIN_PREFIX } from './admin-routes.js';

/** The switch simulator's fastify plugin; `simulator` is read per request (the plugin is built before it is complete). */
export function switchRoutes(simulator: () => SwitchSimulator, fspiop: { keys: FspiopKeys; validateSignature: boolean; onRejected: FspiopRoutesOptions['onRejected'] }): FastifyPluginAsync {
  return async (server) => {
    server.setErrorHandler((error, request, reply) => sendError(request, reply, error, request.url.startsWith(`${ADMIN_PREFIX}/`) || request.url === ADMIN_PREFIX ? 'problem' : 'fspiop'));
    await server.register(fspiopRoutes, { handler: { handle: (message) => simulator().handler.handle(message) }, ...fspiop, prefix: SWITCH_PREFIX });
    await server.register(adminRoutes(simulator), { prefix: ADMIN_PREFIX });
  };
}
