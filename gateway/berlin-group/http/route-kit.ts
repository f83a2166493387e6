// SPDX-License-Identifier: Apache-2.0
// One NextGenPSD2 call, step by step, for every route:
//   1 identify   the TPP (QWAC or signed request + DPoP token), its role for the service, its token's scope
//   2 validate   the request against Lango's contract (openapi/berlin-group/xs2a.yaml)  → FORMAT_ERROR
//   3 claim      the X-Request-ID of a POST / DELETE (a repeat gets the first answer)    → request-log
//   4 handle     the route's own work
//   5 answer     status, headers (X-Request-ID echoed), JSON body; the answer kept for repeats
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { berlinGroupError } from '../../../platform/errors/index.js';
import type { BerlinGroupDeps } from '../deps.js';
import type { LoggedAnswer } from '../request-log/request-log.js';
import { identifyTpp } from '../tpp/identify-tpp.js';
import type { Psd2Service, Tpp } from '../tpp/tpp.js';

export interface BgCall {
  request: FastifyRequest;
  tpp: Tpp;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  /** The JSON body (an object), or {} when there is none. */
  body: Record<string, unknown>;
  /** One request header by lowercase name, or undefined. */
  header(name: string): string | undefined;
}

export interface BgAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface BgRoute {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  url: string;
  service: Psd2Service;
  /** Token scopes that admit the call, any one of them (`accounts`, `AIS:<consentId>`, …). */
  scopes(params: Record<string, string>, header: (name: string) => string | undefined): string[];
  handle(call: BgCall): Promise<BgAnswer>;
}

/** What the audit record of a call needs, filled in as the call goes. */
export interface CallTrace {
  tpp?: Tpp;
  /** The bank (tenant) the call concerns, once known: its operators see the call in their audit trail. */
  tenantId?: string;
  consentId?: string;
  paymentId?: string;
  psuId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
    bgTrace?: CallTrace;
  }
}

/** Validates a request against the contract; throws FORMAT_ERROR naming the first fault. */
export type RequestValidator = (request: FastifyRequest) => void;

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function fingerprint(request: FastifyRequest): string {
  return createHash('sha256').update(`${request.method} ${request.url}\n`).update(request.rawBody ?? Buffer.alloc(0)).digest('base64url');
}

function send(reply: FastifyReply, answer: BgAnswer | LoggedAnswer): FastifyReply {
  reply.code(answer.status);
  for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
  return answer.body === undefined ? reply.send() : reply.type('application/json').send(answer.body);
}

/** Registers a route with the steps above. */
export function bgRoute(server: FastifyInstance, deps: BerlinGroupDeps, validate: RequestValidator, route: BgRoute): void {
  server.route({
    method: route.method,
    url: route.url,
    handler: async (request, reply) => {
      const params = (request.params ?? {}) as Record<string, string>;
      const header = (name: string) => headerOf(request, name);
      const path = request.url.split('?')[0]!;
      const bases = deps.publicUrls();
      const base = request.raw.socket && 'encrypted' in request.raw.socket ? bases.publicTls : bases.public;
      const tpp = await identifyTpp({
        method: request.method, headers: request.headers, socket: request.raw.socket, rawBody: request.rawBody ?? Buffer.alloc(0),
        urls: [...(base ? [`${base}${path}`] : []), `${request.protocol}://${request.host}${path}`],
      }, route.service, route.scopes(params, header), deps.identification);
      (request.bgTrace ??= {}).tpp = tpp;
      validate(request);
      const call: BgCall = {
        request, tpp, params, header,
        query: (request.query ?? {}) as Record<string, string | undefined>,
        body: request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : {},
      };
      if (route.method === 'GET') return send(reply, await route.handle(call));
      return send(reply, await once(deps, request, tpp, () => route.handle(call)));
    },
  });
}

/** Runs a state-changing call once per (TPP, X-Request-ID): a repeat gets the first answer. */
async function once(deps: BerlinGroupDeps, request: FastifyRequest, tpp: Tpp, run: () => Promise<BgAnswer>): Promise<BgAnswer | LoggedAnswer> {
  const requestId = headerOf(request, 'x-request-id')!;
  const claim = await deps.requestLog.claim(tpp.clientId, requestId, fingerprint(request));
  if (claim.kind === 'replay') return claim.answer;
  if (claim.kind === 'mismatch') throw berlinGroupError('FORMAT_ERROR', 'this X-Request-ID was already used for another request', { path: 'X-Request-ID' });
  if (claim.kind === 'pending') throw berlinGroupError('STATUS_INVALID', 'a request with this X-Request-ID is still being processed');
  let answer: BgAnswer;
  try {
    answer = await run();
  } catch (error) {
    // A refusal is not kept: the TPP may correct what was refused and send it again with the same id.
    await deps.requestLog.release(tpp.clientId, requestId).catch(() => undefined);
    throw error;
  }
  await deps.requestLog.complete(tpp.clientId, requestId, { status: answer.status, headers: answer.headers ?? {}, body: answer.body });
  return answer;
}
