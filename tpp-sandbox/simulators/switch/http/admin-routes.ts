// SPDX-License-Identifier: Apache-2.0
// The switch simulator's admin JSON API: what a hub operator's portal does in a real scheme (participants, net debit
// caps, the oracle) plus what tests need (transfer state, fault injection, the message log). Loopback only, like
// the whole simulators listener.
import type { FastifyPluginAsync } from 'fastify';
import { NotFoundError, ValidationError } from '../../../../platform/errors/index.js';
import { SWITCH_PREFIX } from '../callbacks.js';
import { parseFault } from '../faults.js';
import type { SwitchSimulator } from '../switch-api.js';

export const ADMIN_PREFIX = `${SWITCH_PREFIX}/admin`;

/** Messages returned by GET /messages when no limit is given, and the most it returns. */
const DEFAULT_MESSAGES = 50;
const MAX_MESSAGES = 1000;

const bodyOf = (body: unknown): Record<string, unknown> => (typeof body === 'object' && body !== null ? body as Record<string, unknown> : {});
const optionalString = (value: unknown, path: string): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ValidationError(`${path} must be a string`, { path });
  return value;
};
const requiredString = (value: unknown, path: string): string => {
  const text = optionalString(value, path);
  if (text === undefined) throw new ValidationError(`${path} is required`, { path });
  return text;
};

/**
 * The admin routes, in order: participants (list, put, cap), transfers, oracle, faults, messages, stats.
 * Answers JSON; errors are problem details.
 */
export function adminRoutes(simulator: () => SwitchSimulator): FastifyPluginAsync {
  return async (server) => {
    server.get('/participants', async () => simulator().participants());

    // Registers an external DFSP (an sdk-scheme-adapter, say) or changes one; a field left out keeps its value.
    server.put<{ Params: { fspId: string } }>('/participants/:fspId', async (request) => {
      const { fspId } = request.params;
      const body = bodyOf(request.body);
      const existing = await simulator().participant(fspId);
      const currency = optionalString(body['currency'], 'currency') ?? existing?.currency;
      const netDebitCap = optionalString(body['netDebitCap'], 'netDebitCap') ?? existing?.netDebitCap;
      const endpoint = optionalString(body['endpoint'], 'endpoint');
      return simulator().putParticipant({
        fspId,
        name: optionalString(body['name'], 'name') ?? existing?.name ?? fspId,
        currency: currency ?? requiredString(undefined, 'currency'),
        netDebitCap: netDebitCap ?? requiredString(undefined, 'netDebitCap'),
        ...(endpoint !== undefined && { endpoint }),
      });
    });

    server.put<{ Params: { fspId: string } }>('/participants/:fspId/ndc', async (request) =>
      simulator().setNetDebitCap(request.params.fspId, requiredString(bodyOf(request.body)['netDebitCap'], 'netDebitCap')));

    server.get<{ Params: { id: string } }>('/transfers/:id', async (request) => {
      const transfer = await simulator().transfer(request.params.id);
      if (!transfer) throw new NotFoundError(`no transfer ${request.params.id}`);
      return transfer;
    });

    server.get('/oracle', async () => simulator().oracle());

    server.post('/oracle', async (request, reply) => {
      const body = bodyOf(request.body);
      await simulator().registerIdentifier(requiredString(body['idType'], 'idType'), requiredString(body['idValue'], 'idValue'), requiredString(body['fspId'], 'fspId'), optionalString(body['subId'], 'subId'));
      return reply.code(201).send(await simulator().oracle());
    });

    server.get('/faults', async () => simulator().faults());

    server.post('/faults', async (request, reply) => {
      simulator().addFault(parseFault(request.body));
      return reply.code(201).send(simulator().faults());
    });

    server.delete('/faults', async (_request, reply) => {
      simulator().clearFaults();
      return reply.code(204).send();
    });

    server.get<{ Querystring: { limit?: string } }>('/messages', async (request) => {
      const limit = request.query.limit === undefined ? DEFAULT_MESSAGES : Number(request.query.limit);
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_MESSAGES) throw new ValidationError(`limit must be an integer from 1 to ${MAX_MESSAGES}`, { path: 'limit' });
      return simulator().messages(limit);
    });

    server.get('/stats', async () => simulator().stats());
  };
}
