// SPDX-License-Identifier: Apache-2.0
// The channel API on the channel listener (PH-EE's channel connector): first-party DFSP apps with a client
// credentials token of the consent server. `Platform-TenantId` names the DFSP, as in Payment Hub EE.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { ValidationError } from '../../../platform/errors/index.js';
import type { ChannelCaller, ChannelService, PartyRegistrationInput, TransactionRequestInput, TransferRequest } from '../channel-service.js';

/** Who is calling: the client of a valid token with the `channel` scope; throws UnauthenticatedError / ForbiddenError. */
export interface ChannelAuthenticator {
  authenticate(request: { method: string; urls: readonly string[]; headers: Record<string, string | string[] | undefined>; socket: Socket }): Promise<ChannelCaller>;
}

export interface ChannelRoutesOptions {
  service: ChannelService;
  authenticator: ChannelAuthenticator;
  /** Base URL of the channel listener as clients address it (the DPoP `htu`), known once it listens. */
  baseUrl: () => string | undefined;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

function single(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function tenantOf(request: FastifyRequest): string {
  const tenant = single(request, 'platform-tenantid');
  if (!tenant) throw new ValidationError('the Platform-TenantId header names the DFSP', { path: 'Platform-TenantId' });
  return tenant;
}

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const key = single(request, 'x-idempotency-key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw new ValidationError('X-Idempotency-Key must be 1 to 128 letters, digits or ._:-', { path: 'X-Idempotency-Key' });
  return key;
}

function bodyOf<T>(request: FastifyRequest): T {
  if (!request.body || typeof request.body !== 'object' || Array.isArray(request.body)) throw new ValidationError('the body must be a JSON object');
  return request.body as T;
}

function acceptOf(request: FastifyRequest): boolean {
  const accept = bodyOf<{ accept?: unknown }>(request).accept;
  if (typeof accept !== 'boolean') throw new ValidationError('accept must be true or false', { path: 'accept' });
  return accept;
}

export async function channelRoutes(server: FastifyInstance, options: ChannelRoutesOptions): Promise<void> {
  const { service } = options;
  const caller = (request: FastifyRequest) => {
    const base = options.baseUrl();
    const path = request.url.split('?')[0]!;
    return options.authenticator.authenticate({
      method: request.method, headers: request.headers, socket: request.raw.socket,
      urls: [...(base ? [`${base}${path}`] : []), `${request.protocol}://${request.host}${path}`],
    });
  };

  server.post('/channel/transfer', async (request, reply) => {
    const who = await caller(request);
    const result = await service.startTransfer(tenantOf(request), who, idempotencyKeyOf(request), bodyOf<TransferRequest>(request));
    const { created, ...view } = result;
    return reply.code(created ? 202 : 200).header('Location', `/channel/transfer/${view.transactionId}`).send(view);
  });
  server.get<{ Params: { transactionId: string } }>('/channel/transfer/:transactionId', async (request) => {
    await caller(request);
    return service.transfer(tenantOf(request), request.params.transactionId);
  });
  server.post<{ Params: { transactionId: string } }>('/channel/transfer/:transactionId/confirmation', async (request, reply) => {
    await caller(request);
    return reply.code(202).send(await service.confirmTransfer(tenantOf(request), request.params.transactionId, acceptOf(request)));
  });

  server.post('/channel/transactionRequest', async (request, reply) => {
    const who = await caller(request);
    const { created, ...record } = await service.startTransactionRequest(tenantOf(request), who, idempotencyKeyOf(request), bodyOf<TransactionRequestInput>(request));
    return reply.code(created ? 202 : 200).header('Location', `/channel/transactionRequest/${record.transactionRequestId}`).send(transactionRequestView(record));
  });
  server.get<{ Params: { transactionRequestId: string } }>('/channel/transactionRequest/:transactionRequestId', async (request) => {
    await caller(request);
    return transactionRequestView(await service.transactionRequest(tenantOf(request), request.params.transactionRequestId));
  });
  server.post<{ Params: { transactionRequestId: string } }>('/channel/transactionRequest/:transactionRequestId/decision', async (request, reply) => {
    await caller(request);
    return reply.code(202).send(transactionRequestView(await service.decideTransactionRequest(tenantOf(request), request.params.transactionRequestId, acceptOf(request))));
  });

  server.get<{ Params: { idType: string; idValue: string } }>('/channel/accounts/:idType/:idValue', async (request) => {
    await caller(request);
    return service.account(tenantOf(request), request.params.idType, request.params.idValue);
  });
  server.get<{ Params: { idType: string; idValue: string }; Querystring: { offset?: string; limit?: string } }>('/channel/accounts/:idType/:idValue/transactions', async (request) => {
    await caller(request);
    const { offset, limit } = request.query;
    return service.accountTransactions(tenantOf(request), request.params.idType, request.params.idValue, { ...(typeof offset === 'string' && { offset }), ...(typeof limit === 'string' && { limit }) });
  });

  server.post('/channel/partyRegistration', async (request, reply) => {
    await caller(request);
    const accepted = await service.registerParty(tenantOf(request), bodyOf<PartyRegistrationInput>(request));
    return reply.code(202).header('Location', `/channel/partyRegistration/${accepted.registrationId}`).send(accepted);
  });
  server.get<{ Params: { registrationId: string } }>('/channel/partyRegistration/:registrationId', async (request) => {
    await caller(request);
    const { processInstanceKey: _key, ...record } = await service.registration(tenantOf(request), request.params.registrationId);
    return { ...record, createdAt: new Date(record.createdAt).toISOString(), updatedAt: new Date(record.updatedAt).toISOString() };
  });
}

function transactionRequestView<T extends { createdAt: number; updatedAt: number; requestHash: string; clientId?: string; idempotencyKey?: string; processInstanceKey?: string }>(record: T) {
  const { requestHash: _hash, clientId: _client, idempotencyKey: _key, processInstanceKey: _instance, ...rest } = record;
  return { ...rest, createdAt: new Date(record.createdAt).toISOString(), updatedAt: new Date(record.updatedAt).toISOString() };
}
