// SPDX-License-Identifier: Apache-2.0
// The FSPIOP v1.1 OpenAPI from @mojaloop/api-snippets, loaded once per process, as the one source of truth for what
// a valid message is: the scheme listener validates with it and tests assert that every message Lango sends passes.
import { createRequire } from 'node:module';
import SwaggerParser from '@apidevtools/swagger-parser';
import formats from 'ajv-formats';
import { OpenAPIBackend, type AjvCustomizer, type Document } from 'openapi-backend';

const require = createRequire(import.meta.url);
const SPEC = '@mojaloop/api-snippets/fspiop/v1_1/openapi3/openapi.yaml';

export interface FspiopRequestToValidate {
  method: string;
  /** The FSPIOP path below the base URL, e.g. `/transfers` or `/parties/MSISDN/123` (a query is ignored). */
  path: string;
  /** Lower-case names. */
  headers: Readonly<Record<string, string | undefined>>;
  body?: unknown;
}

/** One way a request breaks the spec; `path` names the element: `body.amount.amount`, `header.fspiop-source`. */
export interface FspiopViolation {
  path: string;
  /** True when a mandatory element is absent (FSPIOP 3102), false for any other violation (3100). */
  missing: boolean;
  message: string;
}

export interface FspiopValidator {
  /** Every way the request breaks FSPIOP v1.1 as readable strings; empty when valid. */
  validateRequest(request: FspiopRequestToValidate): string[];
  /** The same check, structured: what is missing is told apart from what is wrong. */
  violations(request: FspiopRequestToValidate): FspiopViolation[];
}

let loading: Promise<FspiopValidator> | undefined;

/** The validator for FSPIOP v1.1; the spec is bundled and compiled on first use and shared by every caller. */
export function fspiopValidator(): Promise<FspiopValidator> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

type Ajv = Parameters<AjvCustomizer>[0];
// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = ((formats as unknown as { default?: unknown }).default ?? formats) as (ajv: Ajv) => Ajv;

async function load(): Promise<FspiopValidator> {
  // The spec is split over ~150 files with relative $refs; openapi-backend wants one object.
  const definition = (await SwaggerParser.dereference(require.resolve(SPEC))) as Document;
  const api = new OpenAPIBackend({
    definition,
    // quick: skip meta-validating the (fixed, upstream) spec and compile each operation's validator on first use,
    // ~60 ms once instead of ~3 s at start.
    quick: true,
    // Unicode mode stays on (unlike for Berlin Group): every FSPIOP pattern compiles with it, and the Name pattern
    // (\p{L}, \p{gc=Mark}) means something else without it — "John" would fail. strict: off for the spec's
    // non-standard keywords (example, x-…).
    ajvOpts: { strict: false, unicodeRegExp: true },
    customizeAjv: (ajv) => addFormats(ajv),
  });
  await api.init();
  // openapi-backend's own matchOperation rebuilds the list of operations on every call (~10% of a message's CPU).
  const operations = api.getOperations()
    .map((operation) => ({ operation, pattern: new RegExp(`^${operation.path.replace(/\{[^}]+\}/g, '[^/]+')}$`), variables: operation.path.split('{').length }))
    // A literal segment wins over a variable: PUT /parties/{Type}/{ID}/error is no SubId "error".
    .sort((a, b) => a.variables - b.variables);
  const matchOperation = (method: string, path: string) => operations.find((entry) => entry.operation.method === method && entry.pattern.test(path))?.operation;

  const violations = (request: FspiopRequestToValidate): FspiopViolation[] => {
    const path = request.path.split('?')[0] ?? request.path;
    const method = request.method.toLowerCase();
    const operation = matchOperation(method, path);
    if (!operation) return [{ path: 'path', missing: false, message: `no FSPIOP v1.1 operation ${request.method.toUpperCase()} ${path}` }];
    // openapi-backend checks a body only when it is an object or the media type is plain application/json, so
    // an absent required body (FSPIOP media types) would pass unnoticed.
    const requestBody = operation.requestBody as { required?: boolean } | undefined;
    if (requestBody?.required && request.body === undefined) return [{ path: 'body', missing: true, message: 'body is missing' }];
    const result = api.validateRequest({ method, path, headers: { ...request.headers } as Record<string, string>, body: request.body }, operation);
    return (result.errors ?? []).map((error) => {
      const where = elementPath(error.instancePath);
      const missingProperty = error.keyword === 'required' ? (error.params as { missingProperty?: string }).missingProperty : undefined;
      if (missingProperty !== undefined) return { path: `${where}.${missingProperty}`, missing: true, message: `${where}.${missingProperty} is missing` };
      return { path: where, missing: false, message: `${where} ${error.message ?? 'is not valid'}` };
    });
  };
  return {
    violations,
    validateRequest: (request) => violations(request).map((violation) => violation.message),
  };
}

/** Ajv's `/requestBody/amount/amount` → `body.amount.amount`, `/header` → `header`. */
function elementPath(instancePath: string): string {
  const [root = '', ...rest] = instancePath.split('/').filter(Boolean);
  const head = root === 'requestBody' ? 'body' : root === 'headers' ? 'header' : root || 'body';
  return [head, ...rest].join('.');
}
