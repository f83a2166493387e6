// SPDX-License-Identifier: Apache-2.0
// The scheme side of FSPIOP v1.1 as a fastify plugin: Lango's scheme listener (prefix '') and the switch simulator
// (prefix '/switch') mount the same routes. Errors are thrown as LangoErrors and rendered as FSPIOP errorInformation
// by the listener's error handler (platform/http createHttpServer with the 'fspiop' dialect).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FspiopInboundHandler, FspiopKeys, FspiopMethod, FspiopResource, InboundFspiopMessage } from '../fspiop.js';
import { fspiopValidator } from '../fspiop-api.js';
import { checkDestination } from './steps/check-destination.js';
import { checkVersion } from './steps/check-version.js';
import { messageOf, type InboundContext, type InboundSettings, type InboundStep } from './steps/inbound-context.js';
import { parseBody } from './steps/parse-body.js';
import { validateMessage } from './steps/validate-message.js';
import { verifySignature } from './steps/verify-signature.js';

export interface FspiopRoutesOptions {
  handler: FspiopInboundHandler;
  keys: FspiopKeys;
  /** Verify FSPIOP-Signature on every message with a body; default true. */
  validateSignature?: boolean;
  /** Applied by fastify's register(): '' for the scheme listener, '/switch' for the switch simulator. */
  prefix?: string;
  /** Whether this listener serves the message's FSPIOP-Destination; default: every destination. */
  acceptsDestination?: (fspId: string | undefined, message: InboundFspiopMessage) => boolean;
  /** Told of every message refused by a check (version, JSON, schema, signature, destination), for logs and tests. */
  onRejected?: (refused: { method: string; uri: string; source: string | undefined; destination: string | undefined; error: unknown }) => void;
}

/** In order: nothing reaches the hub before all of them passed (FSPIOP v1.1 §3.2, Signature v1.1). */
const STEPS: readonly InboundStep[] = [
  checkVersion, // 406 / 3001
  parseBody, // 400 / 3101
  validateMessage, // 400 / 3102, 3100
  verifySignature, // 400 / 3105
  checkDestination, // 400 / 3201
];

interface RouteSpec {
  method: FspiopMethod;
  url: string;
  resource: FspiopResource;
  kind: InboundFspiopMessage['kind'];
}

const KIND: Record<FspiopMethod, InboundFspiopMessage['kind']> = { GET: 'request', POST: 'request', PUT: 'callback', PATCH: 'callback' };

function routes(resource: FspiopResource, base: string, methods: readonly FspiopMethod[]): RouteSpec[] {
  return [
    ...methods.map((method) => ({ method, url: base, resource, kind: KIND[method] })),
    { method: 'PUT', url: `${base}/error`, resource, kind: 'error' },
  ];
}

/**
 * The v1.1 resources Lango and the switch simulator receive. Not routed: DELETE /participants (FspiopMethod has no
 * DELETE), the batch POST /participants and PUT /participants/{ID}, bulk quotes and transfers, /transactions.
 */
export const FSPIOP_ROUTES: readonly RouteSpec[] = [
  ...routes('parties', '/parties/:Type/:ID', ['GET', 'PUT']),
  ...routes('parties', '/parties/:Type/:ID/:SubId', ['GET', 'PUT']),
  ...routes('participants', '/participants/:Type/:ID', ['GET', 'POST', 'PUT']),
  ...routes('participants', '/participants/:Type/:ID/:SubId', ['GET', 'POST', 'PUT']),
  { method: 'POST', url: '/quotes', resource: 'quotes', kind: 'request' },
  ...routes('quotes', '/quotes/:ID', ['GET', 'PUT']),
  { method: 'POST', url: '/transfers', resource: 'transfers', kind: 'request' },
  ...routes('transfers', '/transfers/:ID', ['GET', 'PUT', 'PATCH']),
  { method: 'POST', url: '/transactionRequests', resource: 'transactionRequests', kind: 'request' },
  ...routes('transactionRequests', '/transactionRequests/:ID', ['GET', 'PUT']),
  ...routes('authorizations', '/authorizations/:ID', ['GET', 'PUT']),
];

// Any FSPIOP resource and version; the version is checked by a step so a wrong one gets 3001, not 415.
const FSPIOP_MEDIA_TYPE = /^application\/vnd\.interoperability\.[A-Za-z]+\+json/i;

/** Receives FSPIOP messages, checks them (STEPS), hands them to the handler and answers 202 once it resolved. */
export async function fspiopRoutes(server: FastifyInstance, options: FspiopRoutesOptions): Promise<void> {
  const settings: InboundSettings = {
    handler: options.handler,
    keys: options.keys,
    validateSignature: options.validateSignature ?? true,
    acceptsDestination: options.acceptsDestination ?? (() => true),
  };
  // Start compiling the spec with the listener rather than on the first message.
  void fspiopValidator().catch((error: unknown) => server.log.error({ err: error }, 'FSPIOP OpenAPI did not load'));

  // This plugin's scope only: the JWS is over the exact bytes, so the body stays a string until a step parses it.
  server.removeAllContentTypeParsers();
  server.addContentTypeParser(FSPIOP_MEDIA_TYPE, { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const prefix = server.prefix;
  for (const route of FSPIOP_ROUTES) {
    server.route({
      method: route.method,
      url: route.url,
      // A HEAD would run the GET handler and start a lookup; FSPIOP has no HEAD.
      exposeHeadRoute: false,
      handler: async (request, reply) => {
        const context = contextOf(request, route, prefix);
        try {
          for (const step of STEPS) await step(context, settings);
        } catch (error) {
          options.onRejected?.({ method: route.method, uri: context.uri, source: context.headers['fspiop-source'], destination: context.headers['fspiop-destination'], error });
          throw error;
        }
        await settings.handler.handle(messageOf(context));
        return reply.code(202).send();
      },
    });
  }
}

function contextOf(request: FastifyRequest, route: RouteSpec, prefix: string): InboundContext {
  const params = request.params as InboundContext['params'];
  return {
    method: route.method,
    resource: route.resource,
    kind: route.kind,
    uri: request.url.slice(prefix.length),
    params: { ...(params.Type !== undefined && { Type: params.Type }), ...(params.ID !== undefined && { ID: params.ID }), ...(params.SubId !== undefined && { SubId: params.SubId }) },
    headers: Object.fromEntries(Object.entries(request.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]]))),
    rawBody: typeof request.body === 'string' ? request.body : undefined,
    body: undefined,
  };
}
