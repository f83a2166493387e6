// SPDX-License-Identifier: Apache-2.0
// The Berlin Group NextGenPSD2 API under /v1 on the public listeners: one encapsulated fastify plugin with its
// JSON parser (the signature's Digest covers the raw bytes), X-Request-ID echoed on every answer, per-TPP rate
// limits, an audit record per call, and the routes of each service.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CacheRateLimitStore, type Cache } from '../../../platform/cache/index.js';
import { LangoError, berlinGroupError } from '../../../platform/errors/index.js';
import { peerCertificateOf } from '../../../platform/crypto/index.js';
import { createHash, randomUUID } from 'node:crypto';
import { accountRoutes } from '../accounts/account-routes.js';
import { balanceReader } from '../accounts/balances.js';
import { ADMIT_BASKET, basketRoutes, ownBasket } from '../baskets/basket-routes.js';
import { authorisationRoutes } from '../authorisations/authorisation-routes.js';
import { consentRoutes } from '../consents/consent-routes.js';
import type { BerlinGroupDeps } from '../deps.js';
import { fundsConfirmationRoutes } from '../funds/funds-confirmation-routes.js';
import { ownPayment, paymentRoutes } from '../payments/payment-routes.js';
import { ownConsent } from './call-helpers.js';
import type { RequestValidator } from './route-kit.js';

export interface BerlinGroupRoutesOptions {
  deps: BerlinGroupDeps;
  /** Checks a request against Lango's contract (openapi/berlin-group); FORMAT_ERROR otherwise. */
  validate: RequestValidator;
  /** Counters of the rate limit: the Cache port (Redis when configured, so every replica counts together). */
  cache: Cache;
  /** Requests per TPP per minute; default 6000. */
  rateLimitPerMinute?: number;
  /** How long balances are cached, ms. */
  balanceCacheMs?: number;
}

const AIS_PATH = /^\/v1\/(consents|accounts)(\/|\?|$)/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The TPP a request comes from, before it is verified, for rate limiting: its certificate, else its address. */
function rateKeyOf(request: FastifyRequest): string {
  const qwac = peerCertificateOf(request.raw.socket);
  if (qwac) return `qwac:${qwac.x5tS256}`;
  const qseal = request.headers['tpp-signature-certificate'];
  if (typeof qseal === 'string') return `qseal:${createHash('sha256').update(qseal).digest('base64url').slice(0, 22)}`;
  return `ip:${request.ip}`;
}

export async function berlinGroupRoutes(server: FastifyInstance, options: BerlinGroupRoutesOptions): Promise<void> {
  const { deps } = options;
  server.removeAllContentTypeParsers();
  server.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    if (raw.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(raw.toString('utf8')) as unknown);
    } catch {
      done(berlinGroupError('FORMAT_ERROR', 'the body is not valid JSON'), undefined);
    }
  });

  // Callback-style hooks: an async hook costs promises on every call, and this is the hot path of every read.
  server.addHook('onRequest', (request, _reply, done) => {
    request.bgTrace = {};
    done();
  });
  server.addHook('onSend', (request, reply, payload, done) => {
    // The TPP's id echoed; without a usable one, the id Lango gave the request (every answer carries one, §4.4).
    const requestId = request.headers['x-request-id'];
    reply.header('X-Request-ID', typeof requestId === 'string' && UUID.test(requestId) ? requestId : UUID.test(request.id) ? request.id : randomUUID());
    // The specification gives 406 and 429 a tppMessages body for account information only; elsewhere none.
    if ((reply.statusCode === 406 || reply.statusCode === 429) && !AIS_PATH.test(request.url)) {
      reply.removeHeader('content-type');
      done(null, '');
      return;
    }
    done(null, payload);
  });
  server.addHook('onResponse', (request, reply, done) => {
    const trace = request.bgTrace ?? {};
    const errorCode = (reply as unknown as { bgErrorCode?: string }).bgErrorCode;
    deps.events.audit({
      at: Math.round(Date.now() - reply.elapsedTime),
      requestId: typeof request.headers['x-request-id'] === 'string' ? request.headers['x-request-id'] : undefined,
      clientId: trace.tpp?.clientId, organisationId: trace.tpp?.organisationId, tenantId: trace.tenantId,
      consentId: trace.consentId, paymentId: trace.paymentId, psuId: trace.psuId ?? trace.tpp?.subject,
      method: request.method, endpoint: request.routeOptions.url ?? request.url.split('?')[0]!, status: reply.statusCode,
      errorCode, durationMs: Math.round(reply.elapsedTime * 100) / 100,
    });
    done();
  });
  server.addHook('onError', (_request, reply, error, done) => {
    const code = error instanceof LangoError ? error.details?.berlinGroupCode : undefined;
    if (typeof code === 'string') (reply as unknown as { bgErrorCode?: string }).bgErrorCode = code;
    done();
  });

  await server.register(rateLimit, {
    max: options.rateLimitPerMinute ?? 6000,
    timeWindow: 60_000,
    store: CacheRateLimitStore.on(options.cache, 'bg-rate:'),
    keyGenerator: rateKeyOf,
    errorResponseBuilder: (_request, context) => berlinGroupError('ACCESS_EXCEEDED', `more than ${context.max} requests in ${context.after}: slow down`),
  });

  const validate: RequestValidator = (request) => {
    const requestId = request.headers['x-request-id'];
    if (typeof requestId !== 'string' || !UUID.test(requestId)) throw berlinGroupError('FORMAT_ERROR', 'X-Request-ID must be a UUID', { path: 'X-Request-ID' });
    options.validate(request);
  };
  const balances = balanceReader(deps.ams, deps.now, options.balanceCacheMs);
  consentRoutes(server, deps, validate);
  accountRoutes(server, deps, validate, balances);
  fundsConfirmationRoutes(server, deps, validate, balances);
  authorisationRoutes(server, deps, validate, {
    resource: 'consent', service: 'AIS', url: '/v1/consents/:consentId',
    scopes: (params) => ['accounts', `AIS:${params.consentId}`],
    consentIdOf: async (call) => (await ownConsent(deps, call, call.params.consentId, 'path')).id,
  });
  authorisationRoutes(server, deps, validate, {
    resource: 'payment', service: 'PIS', url: '/v1/:service/:product/:paymentId',
    scopes: (params) => ['payments', `PIS:${params.paymentId}`],
    consentIdOf: async (call) => (await ownPayment(deps, call)).paymentId,
  });
  basketRoutes(server, deps, validate);
  authorisationRoutes(server, deps, validate, {
    resource: 'basket', service: 'PIS', url: '/v1/signing-baskets/:basketId', scopes: ADMIT_BASKET,
    consentIdOf: async (call) => (await ownBasket(deps, call)).basketId,
  });
  // Last: `/v1/:service/:product` would otherwise also match /v1/signing-baskets/{id}.
  paymentRoutes(server, deps, validate);
}
