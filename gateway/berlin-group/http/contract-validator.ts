// SPDX-License-Identifier: Apache-2.0
// Requests checked against Lango's own contract (openapi/berlin-group/xs2a.yaml) with openapi-backend: headers,
// query and body as the contract declares them; the first fault becomes FORMAT_ERROR with its place.
import type { FastifyRequest } from 'fastify';
import formats from 'ajv-formats';
import { OpenAPIBackend, type AjvCustomizer, type Document, type Operation } from 'openapi-backend';
import { loadBerlinGroupContract } from '../../../openapi/index.js';
import { berlinGroupError } from '../../../platform/errors/index.js';
import type { RequestValidator } from './route-kit.js';

type Ajv = Parameters<AjvCustomizer>[0];
// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = ((formats as unknown as { default?: unknown }).default ?? formats) as (ajv: Ajv) => Ajv;

/** Ajv's `/requestBody/instructedAmount/amount` → `instructedAmount.amount`, `/header/x-request-id` → `X-Request-ID`-ish. */
function placeOf(instancePath: string, missing: string | undefined): string {
  const [root = '', ...rest] = instancePath.split('/').filter(Boolean);
  const parts = [...rest, ...(missing ? [missing] : [])];
  if (root === 'header' || root === 'headers') return parts.join('.') || 'header';
  if (root === 'query') return parts.join('.') || 'query';
  return parts.join('.') || 'body';
}

/** Loads the contract and compiles its operations (~2 s, once at start). */
export async function contractValidator(): Promise<RequestValidator> {
  const api = new OpenAPIBackend({
    definition: loadBerlinGroupContract() as Document,
    quick: true,
    // unicodeRegExp off: the NextGenPSD2 patterns are written for non-unicode regular expressions.
    ajvOpts: { strict: false, unicodeRegExp: false },
    customizeAjv: (ajv) => addFormats(ajv),
  });
  await api.init();
  const operations = api.getOperations()
    .map((operation) => ({ operation, pattern: new RegExp(`^${operation.path.replace(/\{[^}]+\}/g, '[^/]+')}$`), variables: operation.path.split('{').length }))
    // A literal segment wins over a variable: /v1/consents/{id}/status is not a payment.
    .sort((a, b) => a.variables - b.variables);
  const byRoute = new Map<string, Operation | undefined>();
  const operationOf = (method: string, path: string, route: string) => {
    const key = `${method} ${route}`;
    if (!byRoute.has(key)) byRoute.set(key, operations.find((entry) => entry.operation.method === method && entry.pattern.test(path))?.operation);
    return byRoute.get(key);
  };

  return (request: FastifyRequest) => {
    const method = request.method.toLowerCase();
    const path = request.url.split('?')[0]!;
    const operation = operationOf(method, path, request.routeOptions.url ?? path);
    if (!operation) return;
    const result = api.validateRequest({
      method, path, headers: request.headers as Record<string, string | string[]>,
      query: (request.query ?? {}) as Record<string, string | string[]>,
      ...(request.body !== undefined && { body: request.body }),
    }, operation);
    const first = result.errors?.[0];
    if (!first) return;
    const missing = first.keyword === 'required' ? (first.params as { missingProperty?: string }).missingProperty : undefined;
    const place = placeOf(first.instancePath, missing);
    throw berlinGroupError('FORMAT_ERROR', missing ? `${place} is required` : `${place} ${first.message ?? 'is not valid'}`, { path: place });
  };
}
