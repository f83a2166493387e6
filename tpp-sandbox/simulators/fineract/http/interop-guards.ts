// SPDX-License-Identifier: Apache-2.0
// What stands in front of every interop route, in Fineract's order: the tenant filter (400 for a missing or unknown
// `Fineract-Platform-TenantId`), then HTTP Basic authentication (401). The fault switch comes before both: a
// server that is down checks nothing.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FaultSwitch } from '../faults.js';
import { FineractError } from '../fineract-errors.js';

export interface GuardSettings {
  faults: FaultSwitch;
  credentials: { username: string; password: string };
  /** Whether the simulator hosts the tenant. */
  knowsTenant(tenantId: string): Promise<boolean>;
}

/** The tenant of a request that passed the guard. */
export function guardedTenant(request: FastifyRequest): string {
  const tenantId = tenantOf(request);
  if (!tenantId) throw new Error('interop route reached without the tenant guard');
  return tenantId;
}

/** The tenant as Fineract reads it: the header, else the `tenantIdentifier` query parameter. */
export function tenantOf(request: FastifyRequest): string | undefined {
  const header = request.headers['fineract-platform-tenantid'];
  const value = Array.isArray(header) ? header[0] : header;
  if (value && value.trim()) return value.trim();
  const query = (request.query as Record<string, unknown> | undefined)?.tenantIdentifier;
  return typeof query === 'string' && query ? query : undefined;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

function authenticated(header: string | undefined, expected: Buffer): boolean {
  if (!header?.startsWith('Basic ')) return false;
  // Hashing both sides gives equal lengths, so the comparison time says nothing about the password.
  return timingSafeEqual(digest(Buffer.from(header.slice(6).trim(), 'base64').toString('utf8')), expected);
}

/** The onRequest hook of the interop routes. */
export function interopGuard(settings: GuardSettings) {
  const expected = digest(`${settings.credentials.username}:${settings.credentials.password}`);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const tenantId = tenantOf(request);
    if (tenantId) await applyFault(settings.faults, tenantId, reply);
    if (reply.sent) return reply;
    if (!tenantId) {
      throw new FineractError('tenant', [{ code: 'error.msg.invalid.tenant.identifier', parameterName: 'Fineract-Platform-TenantId',
        message: "No tenant identifier found: Add request header of 'Fineract-Platform-TenantId' or add the parameter 'tenantIdentifier' to query string of request URL." }]);
    }
    if (!(await settings.knowsTenant(tenantId))) {
      throw new FineractError('tenant', [{ code: 'error.msg.invalid.tenant.identifier', parameterName: 'Fineract-Platform-TenantId', value: tenantId,
        message: `The tenant identifier: ${tenantId} is not valid.` }]);
    }
    if (!authenticated(request.headers.authorization, expected)) {
      reply.header('WWW-Authenticate', 'Basic realm="Fineract Platform API"');
      throw new FineractError('unauthenticated', [{ code: 'error.msg.not.authenticated', parameterName: 'Authorization', message: 'Invalid authentication details were passed in api request.' }]);
    }
    return undefined;
  };
}

/**
 * The preHandler of the interop routes (after the body is parsed): the fault of the account a request books on or
 * quotes for (`accountId` in its body), when only some accounts' postings fail; reading the account still works.
 */
export function accountFaultGuard(faults: FaultSwitch) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const tenantId = tenantOf(request);
    const accountId = (request.body as Record<string, unknown> | undefined)?.['accountId'];
    if (tenantId && typeof accountId === 'string') await applyFault(faults, tenantId, reply, accountId);
    return reply.sent ? reply : undefined;
  };
}

async function applyFault(faults: FaultSwitch, tenantId: string, reply: FastifyReply, accountId?: string): Promise<void> {
  const modeNow = () => (accountId === undefined ? faults.mode(tenantId) : faults.accountMode(tenantId, accountId));
  let mode = modeNow();
  while (mode === 'hang') {
    if ((await faults.wait(tenantId)) === 'closed') mode = 'unavailable';
    else mode = modeNow();
  }
  if (mode === 'unavailable') {
    const error = new FineractError('unavailable', [{ code: 'error.msg.platform.service.unavailable', message: `Fineract for tenant ${tenantId} is unavailable (simulated)` }]);
    await reply.status(503).header('Retry-After', '1').send(error.toJSON());
  }
}
