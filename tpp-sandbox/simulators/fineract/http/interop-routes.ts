// SPDX-License-Identifier: Apache-2.0
// The interoperation API under /fineract/fineract-provider/api/v1/interoperation, as InteropApiResource serves it.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { accountTransactions } from '../account-transactions.js';
import { accountView, requireAccount } from '../accounts.js';
import { FineractError, FINERACT_ERROR_CODES, notFoundError, validationError } from '../fineract-errors.js';
import { accountIdentifiers, deleteParty, findParty, IDENTIFIER_TYPES, registerParty, type IdentifierType, type PartyKey } from '../parties.js';
import { createQuote, createRequest, findQuote, findRequest } from '../quotes.js';
import type { Tables } from '../tables.js';
import { findTransfer, runTransfer, type TransferAction } from '../transfers.js';
import { accountFaultGuard, guardedTenant, interopGuard, type GuardSettings } from './interop-guards.js';
import { money, objectBody, optionalString, requiredCode, requiredRole } from './request-bodies.js';
import { quoteResponse, requestResponse, transferResponse } from './responses.js';

/** Fineract's `/fineract-provider/api/v1/interoperation`, under the simulators listener's `/fineract`. */
export const INTEROP_BASE = '/fineract/fineract-provider/api/v1/interoperation';

export interface InteropRouteSettings extends GuardSettings {
  db: Kysely<Tables>;
  clock: () => number;
}

type Params = Record<string, string>;
type Query = Record<string, string | undefined>;

/** Registers the interop routes with their guard and Fineract's error JSON; an encapsulated plugin. */
export async function interopRoutes(server: FastifyInstance, settings: InteropRouteSettings): Promise<void> {
  server.addHook('onRequest', interopGuard(settings));
  server.addHook('preHandler', accountFaultGuard(settings.faults));
  server.setErrorHandler(renderFineractError);
  server.get(`${INTEROP_BASE}/health`, async (_request, reply) => reply.type('application/json').send('OK'));
  accountRoutes(server, settings);
  partyRoutes(server, settings);
  quoteAndRequestRoutes(server, settings);
  transferRoutes(server, settings);
}

/** accounts/{accountId}, its /transactions, /identifiers and /kyc. */
function accountRoutes(server: FastifyInstance, { db }: InteropRouteSettings): void {
  server.get<{ Params: Params }>(`${INTEROP_BASE}/accounts/:accountId`, async (request) =>
    accountView(await requireAccount(db, guardedTenant(request), request.params.accountId!)));

  server.get<{ Params: Params; Querystring: Query }>(`${INTEROP_BASE}/accounts/:accountId/transactions`, async (request) => {
    const account = await requireAccount(db, guardedTenant(request), request.params.accountId!);
    const query = request.query;
    return accountTransactions(db, account, {
      // Fineract's defaults: debit=true, credit=false, i.e. withdrawals only unless asked.
      debit: flag(query.debit, true), credit: flag(query.credit, false),
      from: dateParam(query.fromBookingDateTime, 'fromBookingDateTime'), to: dateParam(query.toBookingDateTime, 'toBookingDateTime'),
      // Simulator extras (Fineract has no paging): the whole list unless asked.
      limit: integerParam(query.limit, 'limit', 1, 1000), offset: integerParam(query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER),
    });
  });

  server.get<{ Params: Params }>(`${INTEROP_BASE}/accounts/:accountId/identifiers`, async (request) =>
    accountIdentifiers(db, guardedTenant(request), request.params.accountId!));

  server.get<{ Params: Params }>(`${INTEROP_BASE}/accounts/:accountId/kyc`, async (request) => {
    const account = await requireAccount(db, guardedTenant(request), request.params.accountId!);
    const [firstName, ...rest] = account.holder_name.split(' ');
    return { firstName, lastName: rest.join(' ') || undefined, displayName: account.holder_name };
  });
}

/** parties/{idType}/{idValue}[/{subIdOrType}]: GET, POST `{ accountId }`, DELETE. */
function partyRoutes(server: FastifyInstance, { db, clock }: InteropRouteSettings): void {
  for (const suffix of ['', '/:subIdOrType']) {
    const path = `${INTEROP_BASE}/parties/:idType/:idValue${suffix}`;
    server.get<{ Params: Params }>(path, async (request) => findParty(db, partyKey(request)));
    server.post<{ Params: Params }>(path, async (request) => {
      const body = objectBody('interoperation.identifier', request.body);
      return registerParty(db, partyKey(request), requiredCode('interoperation.identifier', body, 'accountId'), clock());
    });
    server.delete<{ Params: Params }>(path, async (request) => deleteParty(db, partyKey(request)));
  }
}

/** POST quotes, POST requests and their GETs under transactions/{transactionCode}. */
function quoteAndRequestRoutes(server: FastifyInstance, { db, clock }: InteropRouteSettings): void {
  server.post(`${INTEROP_BASE}/quotes`, async (request) => {
    const body = objectBody('interoperation.quote', request.body);
    const amount = money('interoperation.quote', body, 'amount', { required: true, positive: true });
    const quote = await createQuote(db, {
      tenantId: guardedTenant(request), transactionCode: requiredCode('interoperation.quote', body, 'transactionCode'),
      quoteCode: requiredCode('interoperation.quote', body, 'quoteCode'), accountId: requiredCode('interoperation.quote', body, 'accountId'),
      role: requiredRole('interoperation.quote', body), amountType: optionalString('interoperation.quote', body, 'amountType', 16) ?? 'SEND',
      currency: amount.currency, amountMinor: amount.minor,
    }, clock());
    return quoteResponse(quote, optionalString('interoperation.quote', body, 'expiration', 64));
  });

  server.get<{ Params: Params }>(`${INTEROP_BASE}/transactions/:transactionCode/quotes/:quoteCode`, async (request) => {
    const { transactionCode, quoteCode } = request.params;
    const quote = await findQuote(db, guardedTenant(request), transactionCode!, quoteCode!);
    if (!quote) throw notFoundError(FINERACT_ERROR_CODES.quoteNotFound, `Quote ${quoteCode} of transaction ${transactionCode} does not exist`, quoteCode);
    return quoteResponse(quote);
  });

  server.post(`${INTEROP_BASE}/requests`, async (request) => {
    const body = objectBody('interoperation.request', request.body);
    const amount = money('interoperation.request', body, 'amount', { required: true, positive: true });
    const stored = await createRequest(db, {
      tenantId: guardedTenant(request), transactionCode: requiredCode('interoperation.request', body, 'transactionCode'),
      requestCode: requiredCode('interoperation.request', body, 'requestCode'), accountId: requiredCode('interoperation.request', body, 'accountId'),
      role: requiredRole('interoperation.request', body), currency: amount.currency, amountMinor: amount.minor, body,
    }, clock());
    return requestResponse(stored);
  });

  server.get<{ Params: Params }>(`${INTEROP_BASE}/transactions/:transactionCode/requests/:requestCode`, async (request) => {
    const { transactionCode, requestCode } = request.params;
    const stored = await findRequest(db, guardedTenant(request), transactionCode!, requestCode!);
    if (!stored) throw notFoundError(FINERACT_ERROR_CODES.requestNotFound, `Request ${requestCode} of transaction ${transactionCode} does not exist`, requestCode);
    return requestResponse(stored);
  });
}

/** POST transfers?action=PREPARE|CREATE|RELEASE and GET transactions/{transactionCode}/transfers/{transferCode}[?role=]. */
function transferRoutes(server: FastifyInstance, { db, clock }: InteropRouteSettings): void {
  server.post<{ Querystring: Query }>(`${INTEROP_BASE}/transfers`, async (request) => {
    const action = request.query.action;
    if (action !== 'PREPARE' && action !== 'CREATE' && action !== 'RELEASE') {
      throw validationError('interoperation.transfer', 'action', 'is.not.one.of.expected.enumerations', 'The parameter `action` must be PREPARE, CREATE or RELEASE.', action);
    }
    const body = objectBody('interoperation.transfer', request.body);
    const amount = money('interoperation.transfer', body, 'amount', { required: true, positive: true });
    const fee = money('interoperation.transfer', body, 'fspFee', { required: false });
    const commission = money('interoperation.transfer', body, 'fspCommission', { required: false });
    const codes = { transactionCode: requiredCode('interoperation.transfer', body, 'transactionCode'), transferCode: requiredCode('interoperation.transfer', body, 'transferCode') };
    const leg = await runTransfer(db, action satisfies TransferAction, {
      tenantId: guardedTenant(request), ...codes, role: requiredRole('interoperation.transfer', body),
      accountId: requiredCode('interoperation.transfer', body, 'accountId'), currency: amount.currency, amountMinor: amount.minor,
      feeMinor: fee?.minor, commissionMinor: commission?.minor ?? 0n, note: optionalString('interoperation.transfer', body, 'note', 500),
    }, clock());
    return transferResponse(codes, leg, clock(), optionalString('interoperation.transfer', body, 'expiration', 64));
  });

  // Fineract's URL has no role; `?role=PAYER|PAYEE` (a simulator extra) picks the leg when both are in one bank.
  server.get<{ Params: Params; Querystring: Query }>(`${INTEROP_BASE}/transactions/:transactionCode/transfers/:transferCode`, async (request) => {
    const { transactionCode, transferCode } = request.params;
    const role = request.query.role;
    if (role !== undefined && role !== 'PAYER' && role !== 'PAYEE') throw validationError('interoperation.transfer', 'role', 'is.not.one.of.expected.enumerations', 'The parameter `role` must be PAYER or PAYEE.', role);
    const leg = await findTransfer(db, guardedTenant(request), transactionCode!, transferCode!, role);
    if (!leg) throw notFoundError(FINERACT_ERROR_CODES.transferNotFound, `Transfer ${transferCode} of transaction ${transactionCode} does not exist`, transferCode);
    return transferResponse({ transactionCode: transactionCode!, transferCode: transferCode! }, leg, clock());
  });
}

function partyKey(request: FastifyRequest<{ Params: Params }>): PartyKey {
  const { idType, idValue, subIdOrType } = request.params;
  if (!IDENTIFIER_TYPES.includes(idType as IdentifierType)) {
    throw validationError('interoperation.identifier', 'idType', 'is.not.one.of.expected.enumerations', `The identifier type ${idType} is not one of ${IDENTIFIER_TYPES.join(', ')}.`, idType);
  }
  return { tenantId: guardedTenant(request), idType: idType as IdentifierType, idValue: idValue!, subIdOrType };
}

function flag(value: string | undefined, fallback: boolean): boolean {
  return value === undefined ? fallback : value === 'true';
}

function integerParam(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^[0-9]+$/.test(value) || parsed < min || parsed > max) throw validationError('interoperation.transactions', name, 'invalid', `The parameter \`${name}\` must be an integer from ${min} to ${max}.`, value);
  return parsed;
}

/** Fineract reads ISO local date-times; the simulator reads them as UTC. */
function dateParam(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
  if (Number.isNaN(parsed)) throw validationError('interoperation.transactions', name, 'invalid.date', `The parameter \`${name}\` must be an ISO local date-time.`, value);
  return parsed;
}

/** Every failure of an interop route in Fineract's error JSON; unexpected ones are a 500 without internals. */
function renderFineractError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  let rendered: FineractError;
  if (error instanceof FineractError) {
    rendered = error;
  } else if ('statusCode' in error && error.statusCode && error.statusCode < 500) {
    rendered = validationError('request', 'body', 'invalid', error.message);
  } else {
    request.log.error({ err: error }, 'fineract simulator failed');
    rendered = new FineractError('unavailable', [{ code: 'error.msg.platform.unexpected.error', message: 'An unexpected error occurred in the simulator' }]);
    return reply.status(500).send({ ...rendered.toJSON(), httpStatusCode: '500' });
  }
  return reply.status(rendered.status).send(rendered.toJSON());
}
