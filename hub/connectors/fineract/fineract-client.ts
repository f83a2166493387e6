// SPDX-License-Identifier: Apache-2.0
// One HTTP exchange with a tenant's Fineract: Basic auth, the tenant header, a hard deadline, JSON both ways.
// Node's global fetch keeps connections alive per origin, so consecutive calls reuse their sockets.
import type { Logger } from '../../../platform/log/index.js';
import { unavailable } from './fineract-errors.js';

export interface FineractClientSettings {
  baseUrl: (tenantId: string) => string;
  fineractTenantOf: (tenantId: string) => string;
  username: string;
  password: string;
  timeoutMs: number;
  logger: Logger;
}

export interface FineractAnswer {
  status: number;
  /** Parsed JSON, the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
}

export type FineractCall = (tenantId: string, operation: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => Promise<FineractAnswer>;

/** A function sending one request under `<baseUrl>/interoperation`; network failures and timeouts reject with AMS_UNAVAILABLE. */
export function fineractClient(settings: FineractClientSettings): FineractCall {
  const authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString('base64')}`;
  return async (tenantId, operation, method, path, body) => {
    const url = `${settings.baseUrl(tenantId).replace(/\/+$/, '')}/interoperation/${path}`;
    const started = performance.now();
    let status = 0;
    try {
      const response = await fetch(url, {
        method,
        headers: {
          authorization,
          'fineract-platform-tenantid': settings.fineractTenantOf(tenantId),
          accept: 'application/json',
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        // One deadline for headers and body: a server that stalls mid-answer fails the call too.
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      status = response.status;
      const text = await response.text();
      return { status, body: parse(text) };
    } catch (error) {
      const failure = unavailable(operation, error, settings.timeoutMs);
      settings.logger.warn({ tenantId, operation, reason: failure.message }, 'fineract unreachable');
      throw failure;
    } finally {
      settings.logger.debug({ tenantId, operation, status, ms: Math.round(performance.now() - started) }, 'fineract call');
    }
  };
}

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
